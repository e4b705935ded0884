using System.Globalization;
using System.Threading.RateLimiting;
using Platform.Api.Authentication;

namespace Platform.Api.RateLimiting;

/// <summary>
/// The per-key limit an API key carries (<c>rateLimit: {maxRequests, windowSeconds}</c>). It needs the verified
/// key, so it runs right after authentication, in addition to the per-IP limit before it.
/// </summary>
public sealed class ApiKeyRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<HttpContext> _limiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
    {
        var user = context.User;
        if (user.FindFirst(PlatformClaims.ApiKeyId)?.Value is not { } keyId
            || !int.TryParse(user.FindFirst(PlatformClaims.RateLimitMax)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var max)
            || !int.TryParse(user.FindFirst(PlatformClaims.RateLimitWindow)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var window))
        {
            return RateLimitPartition.GetNoLimiter("");
        }

        // The limits are part of the partition key, so a changed limit takes effect once the verify cache expires.
        return RateLimitPartition.GetSlidingWindowLimiter($"{keyId}:{max}:{window}", _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = max,
            Window = TimeSpan.FromSeconds(window),
            SegmentsPerWindow = Math.Clamp(window, 1, 6),
            QueueLimit = 0,
        });
    });

    public RateLimitLease Acquire(HttpContext context) => _limiter.AttemptAcquire(context);

    public void Dispose() => _limiter.Dispose();
}

public sealed class ApiKeyRateLimitMiddleware(RequestDelegate next, ApiKeyRateLimiter limiter)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.RateLimiting.DisableRateLimitingAttribute>() is null
            && context.User.HasClaim(c => c.Type == PlatformClaims.ApiKeyId))
        {
            using var lease = limiter.Acquire(context);
            if (!lease.IsAcquired)
            {
                var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var value) ? value : TimeSpan.FromSeconds(1);
                await RateLimitingSetup.WriteTooManyRequestsAsync(context, retryAfter);
                return;
            }
        }

        await next(context);
    }
}
