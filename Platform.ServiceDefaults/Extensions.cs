using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Platform.ServiceDefaults.Health;
using Platform.ServiceDefaults.Problems;
using Platform.ServiceDefaults.RequestIds;
using Platform.ServiceDefaults.Telemetry;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The Aspire service-defaults contract every Platform service uses: telemetry, health checks,
/// service discovery, resilient HttpClients, problem details and request ids.
/// </summary>
public static class ServiceDefaultsExtensions
{
    public const string LiveTag = "live";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigurePlatformTelemetry();
        builder.AddDefaultHealthChecks();

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = ProblemDetailsEnricher.Enrich);
        builder.Services.AddExceptionHandler<RequestBodyExceptionHandler>();
        builder.Services.AddHostedService<StartupReport>();
        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    /// <summary>
    /// <c>/health</c>: every check, JSON, 503 when one is unhealthy. <c>/alive</c>: live checks only.
    /// Both anonymous and outside rate limiting.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthEndpoints.HealthPath, HealthEndpoints.Options(_ => true))
            .AllowAnonymous().DisableRateLimiting();
        app.MapHealthChecks(HealthEndpoints.AlivePath, HealthEndpoints.Options(r => r.Tags.Contains(LiveTag)))
            .AllowAnonymous().DisableRateLimiting();
        return app;
    }

    /// <summary>
    /// Request id first, then problem-details answers for exceptions and bare status codes (404, 405),
    /// so every response, error or not, carries the id.
    /// </summary>
    public static IApplicationBuilder UseRequestId(this IApplicationBuilder app) =>
        app.UseMiddleware<RequestIdMiddleware>();

    public static IApplicationBuilder UseProblemDetailsErrors(this IApplicationBuilder app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}
