using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Http.Timeouts;
using Platform.Api.Authentication;
using Platform.Api.Authorization;
using Platform.Api.Files;
using Platform.Api.Http;
using Platform.Api.OpenApi;
using Platform.Api.RateLimiting;
using Platform.Core.Data;

namespace Platform.Api;

public static class ApplicationServiceExtensions
{
    /// <summary>
    /// No request runs longer than this (<c>Api:RequestTimeout</c>); the database retries are bounded well inside it.
    /// Uploads and downloads are exempt: they stream for as long as the client does.
    /// </summary>
    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(30);

    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddPlatformData();
        builder.AddFileStorage();
        builder.AddTrustedForwardedHeaders();
        builder.AddApiCors();
        builder.AddClientRateLimiting();
        builder.AddApiAuthentication();
        builder.AddApiDocumentation();

        builder.Services.AddExceptionHandler<ServiceUnavailableExceptionHandler>();
        var requestTimeout = builder.Configuration.GetValue("Api:RequestTimeout", DefaultRequestTimeout);
        builder.Services.AddRequestTimeouts(options => options.DefaultPolicy = new RequestTimeoutPolicy
        {
            Timeout = requestTimeout,
            TimeoutStatusCode = StatusCodes.Status503ServiceUnavailable,
        });
        return builder;
    }

    /// <summary>
    /// The pipeline of DESIGN §5, in order: forwarded headers (trusted proxies only) → request id → problem
    /// details → security headers → CORS → rate limit → authentication → authorization → endpoint.
    /// </summary>
    public static WebApplication UseApiPipeline(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseRequestId();
        app.UseProblemDetailsErrors();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseRouting();
        app.UseCors();
        app.UseRateLimiter();
        app.UseRequestTimeouts();
        app.UseAuthentication();
        app.UseMiddleware<ApiKeyRateLimitMiddleware>();
        app.UseAuthorization();
        app.UseMiddleware<TenantResolutionMiddleware>();
        return app;
    }

    /// <summary>
    /// X-Forwarded-For/-Proto are honoured only from <c>ForwardedHeaders:KnownProxies</c> (IP addresses) and
    /// <c>ForwardedHeaders:KnownNetworks</c> (CIDR); with neither, the socket address is the client.
    /// </summary>
    private static void AddTrustedForwardedHeaders(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("ForwardedHeaders");
        var proxies = section.GetSection("KnownProxies").Get<string[]>() ?? [];
        var networks = section.GetSection("KnownNetworks").Get<string[]>() ?? [];
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy));
            }
            foreach (var network in networks)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
    }

    /// <summary>Browsers may call from <c>Cors:AllowedOrigins</c> only, with credentials; nobody else.</summary>
    private static void AddApiCors(this IHostApplicationBuilder builder)
    {
        var origins = builder.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>() ?? [];
        builder.Services.AddCors(options => options.AddDefaultPolicy(policy =>
        {
            policy.WithOrigins(origins).AllowAnyHeader().AllowAnyMethod()
                .WithExposedHeaders("ETag", "Location", "Retry-After", "X-Request-ID");
            if (origins.Length > 0)
            {
                policy.AllowCredentials();
            }
        }));
    }
}
