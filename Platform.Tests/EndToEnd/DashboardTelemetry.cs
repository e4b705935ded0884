using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Platform.Tests.EndToEnd;

/// <summary>One span as the dashboard's telemetry API returns it (OTLP JSON), with its resource's identity.</summary>
internal sealed record TelemetrySpan(string Service, string InstanceId, string Scope, string Name, IReadOnlyDictionary<string, string> Attributes);

/// <summary>One log record as the dashboard's telemetry API returns it, with its resource's identity.</summary>
internal sealed record TelemetryLog(string Service, string Scope, string Body, ILookup<string, string> Attributes);

/// <summary>
/// The Aspire dashboard's telemetry HTTP API (<c>/api/telemetry/{resources,traces,logs,spans}</c>, OTLP JSON,
/// authenticated by the <c>x-api-key</c> header carrying the AppHost's <c>AppHost:DashboardApiKey</c>).
/// Services export in batches, so the readers poll until what they look for has arrived.
/// </summary>
internal sealed class DashboardTelemetry(string dashboardUrl, string apiKey) : IDisposable
{
    private static readonly TimeSpan ExportTimeout = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http = new() { BaseAddress = new Uri(dashboardUrl), Timeout = TimeSpan.FromSeconds(10), DefaultRequestHeaders = { { "x-api-key", apiKey } } };

    /// <summary>The spans of one trace, once <paramref name="complete"/> holds for them.</summary>
    public Task<IReadOnlyList<TelemetrySpan>> TraceAsync(string traceId, Func<IReadOnlyList<TelemetrySpan>, bool> complete) =>
        PollAsync($"/api/telemetry/traces/{traceId}", data => Spans(data), complete);

    /// <summary>
    /// The log records of one trace, once <paramref name="complete"/> holds for them. Not filtered by <c>?resource=</c>:
    /// with replicas, a name resolves to one of its instances only.
    /// </summary>
    public Task<IReadOnlyList<TelemetryLog>> LogsAsync(string traceId, Func<IReadOnlyList<TelemetryLog>, bool> complete) =>
        PollAsync($"/api/telemetry/logs?traceId={traceId}", data => Logs(data), complete);

    /// <summary>The resources that sent telemetry: name and instance id.</summary>
    public async Task<IReadOnlyList<(string Name, string InstanceId)>> ResourcesAsync()
    {
        var resources = await _http.GetFromJsonAsync<JsonElement>("/api/telemetry/resources");
        return [.. resources.EnumerateArray().Select(r => (r.GetProperty("name").GetString()!, r.TryGetProperty("instanceId", out var id) ? id.GetString() ?? "" : ""))];
    }

    public void Dispose() => _http.Dispose();

    private async Task<IReadOnlyList<T>> PollAsync<T>(string path, Func<JsonElement, IReadOnlyList<T>> read, Func<IReadOnlyList<T>, bool> complete)
    {
        var deadline = DateTime.UtcNow + ExportTimeout;
        IReadOnlyList<T> items = [];
        while (true)
        {
            using var response = await _http.GetAsync(path);
            if (response.StatusCode != HttpStatusCode.NotFound)
            {
                response.EnsureSuccessStatusCode();
                items = read((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data"));
                if (complete(items))
                {
                    return items;
                }
            }
            if (DateTime.UtcNow > deadline)
            {
                return items;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }

    private static List<TelemetrySpan> Spans(JsonElement data) =>
        [.. from resource in Array(data, "resourceSpans")
            let identity = Attributes(resource.GetProperty("resource"))
            from scope in Array(resource, "scopeSpans")
            from span in Array(scope, "spans")
            select new TelemetrySpan(identity.GetValueOrDefault("service.name", ""), identity.GetValueOrDefault("service.instance.id", ""),
                scope.GetProperty("scope").GetProperty("name").GetString() ?? "", span.GetProperty("name").GetString() ?? "", Attributes(span))];

    private static List<TelemetryLog> Logs(JsonElement data) =>
        [.. from resource in Array(data, "resourceLogs")
            let identity = Attributes(resource.GetProperty("resource"))
            from scope in Array(resource, "scopeLogs")
            from log in Array(scope, "logRecords")
            select new TelemetryLog(identity.GetValueOrDefault("service.name", ""), scope.GetProperty("scope").GetProperty("name").GetString() ?? "",
                log.TryGetProperty("body", out var body) ? Value(body) : "",
                Array(log, "attributes").ToLookup(a => a.GetProperty("key").GetString()!, a => Value(a.GetProperty("value")), StringComparer.Ordinal))];

    private static List<JsonElement> Array(JsonElement element, string name) =>
        element.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array ? [.. array.EnumerateArray()] : [];

    /// <summary>OTLP's <c>[{key, value: {stringValue|intValue|...}}]</c> as key → text (the last value wins).</summary>
    private static Dictionary<string, string> Attributes(JsonElement owner)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var attribute in Array(owner, "attributes"))
        {
            attributes[attribute.GetProperty("key").GetString()!] = Value(attribute.GetProperty("value"));
        }
        return attributes;
    }

    private static string Value(JsonElement anyValue) =>
        anyValue.EnumerateObject().FirstOrDefault() is { Value.ValueKind: not JsonValueKind.Undefined } property
            ? property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() ?? "" : property.Value.GetRawText()
            : "";
}
