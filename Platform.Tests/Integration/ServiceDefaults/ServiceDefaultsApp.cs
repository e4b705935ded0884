using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Platform.Tests.Integration.ServiceDefaults;

/// <summary>
/// A minimal service wired exactly as Platform's services are (AddServiceDefaults, UseRequestId,
/// problem-details errors, MapDefaultEndpoints), served by Kestrel on 127.0.0.1 with an in-memory trace exporter.
/// </summary>
internal sealed class ServiceDefaultsApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ServiceDefaultsApp(WebApplication app, ConcurrentQueue<Activity> spans, DependencyCheck dependency)
    {
        _app = app;
        Spans = spans;
        Dependency = dependency;
        BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        Client = new HttpClient { BaseAddress = BaseAddress };
    }

    public ConcurrentQueue<Activity> Spans { get; }
    public DependencyCheck Dependency { get; }
    public Uri BaseAddress { get; }
    public HttpClient Client { get; }

    public static async Task<ServiceDefaultsApp> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.AddServiceDefaults();
        var spans = new ConcurrentQueue<Activity>();
        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddProcessor(new CollectingProcessor(spans)));
        var dependency = new DependencyCheck();
        builder.Services.AddHealthChecks().AddCheck("database", dependency);

        var app = builder.Build();
        app.UseRequestId();
        app.UseProblemDetailsErrors();
        app.MapDefaultEndpoints();
        app.MapGet("/ok", () => "ok");
        app.MapGet("/boom", string () => throw new InvalidOperationException("secret detail at Platform.Something.Method"));
        app.MapGet("/call", async (IHttpClientFactory clients, HttpContext context) =>
        {
            var client = clients.CreateClient("self");
            var baseAddress = $"{context.Request.Scheme}://{context.Request.Host}";
            return await client.GetStringAsync(new Uri(baseAddress + "/ok"));
        });
        await app.StartAsync();
        return new ServiceDefaultsApp(app, spans, dependency);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    internal sealed class DependencyCheck : IHealthCheck
    {
        public volatile bool Failing;

        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(Failing ? HealthCheckResult.Unhealthy("database unreachable") : HealthCheckResult.Healthy());
    }

    /// <summary>An in-memory exporter that is safe to read while spans are still ending.</summary>
    private sealed class CollectingProcessor(ConcurrentQueue<Activity> spans) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data) => spans.Enqueue(data);
    }
}
