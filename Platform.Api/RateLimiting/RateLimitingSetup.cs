using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Platform.Api.RateLimiting;

public static class RateLimitingSetup
{
    /// <summary>
    /// ASP.NET Core's rate limiter as a global limiter partitioned per client IP (after forwarded headers, so
    /// the real client behind a trusted proxy). Endpoints with DisableRateLimiting (health, OpenAPI, Scalar) skip it.
    /// </summary>
    public static IHostApplicationBuilder AddClientRateLimiting(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitingOptions>().BindConfiguration(RateLimitingOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ApiKeyRateLimiter>();
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitingOptions>>((limiter, settings) =>
        {
            var s = settings.Value;
            var window = TimeSpan.FromSeconds(s.WindowSeconds);
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                RateLimitPartition.GetSlidingWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new SlidingWindowRateLimiterOptions
                    {
                        PermitLimit = s.PermitLimit,
                        Window = window,
                        SegmentsPerWindow = s.SegmentsPerWindow,
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    }));
            var segment = TimeSpan.FromSeconds(Math.Max(1, s.WindowSeconds / s.SegmentsPerWindow));
            limiter.OnRejected = (context, cancellationToken) =>
                WriteTooManyRequestsAsync(context.HttpContext,
                    context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : segment);
        });
        return builder;
    }

    public static async ValueTask WriteTooManyRequestsAsync(HttpContext context, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests.",
                Detail = $"Rate limit exceeded; retry after {seconds} s.",
            },
        });
    }
}
