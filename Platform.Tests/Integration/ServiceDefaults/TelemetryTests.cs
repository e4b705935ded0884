using System.Diagnostics;
using Platform.ServiceDefaults.RequestIds;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Integration.ServiceDefaults;

[Trait(Category.Name, Category.Integration)]
public sealed class TelemetryTests
{
    [Fact]
    public async Task A_request_yields_a_server_span_tagged_with_its_request_id()
    {
        await using var app = await ServiceDefaultsApp.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/ok");
        request.Headers.Add(RequestIdMiddleware.HeaderName, "span-check-1");
        using var response = await app.Client.SendAsync(request);
        response.EnsureSuccessStatusCode();

        // The listener sees every app in this process, so spans are picked by what only this request has.
        var server = await WaitForSpanAsync(app, s => s.Kind == ActivityKind.Server && s.GetTagItem(RequestIdMiddleware.ActivityTag) as string == "span-check-1");
        Assert.Equal("/ok", server.GetTagItem("url.path"));
    }

    [Fact]
    public async Task An_HttpClient_call_from_a_service_yields_a_client_span_in_the_same_trace()
    {
        await using var app = await ServiceDefaultsApp.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/call");
        request.Headers.Add(RequestIdMiddleware.HeaderName, "span-check-2");
        using var response = await app.Client.SendAsync(request);
        response.EnsureSuccessStatusCode();

        var inbound = await WaitForSpanAsync(app, s => s.Kind == ActivityKind.Server && s.GetTagItem(RequestIdMiddleware.ActivityTag) as string == "span-check-2");
        var client = await WaitForSpanAsync(app, s => s.Kind == ActivityKind.Client && s.TraceId == inbound.TraceId);
        var nested = await WaitForSpanAsync(app, s => s.Kind == ActivityKind.Server && s.GetTagItem("url.path") as string == "/ok" && s.TraceId == inbound.TraceId);

        Assert.Equal(inbound.SpanId, client.ParentSpanId);
        Assert.Equal(client.SpanId, nested.ParentSpanId);
    }

    // Spans are exported when they end, which can be just after the response reaches the test.
    private static async Task<Activity> WaitForSpanAsync(ServiceDefaultsApp app, Func<Activity, bool> match)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            if (app.Spans.FirstOrDefault(match) is { } span)
            {
                return span;
            }
            await Task.Delay(20, timeout.Token);
        }
    }
}
