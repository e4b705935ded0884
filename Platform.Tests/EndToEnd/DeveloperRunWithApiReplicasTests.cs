using System.Text.RegularExpressions;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.EndToEnd;

/// <summary>
/// One developer run, <c>dotnet run --project Platform.AppHost -- --replicas api=2</c>, shared by the tests of
/// <see cref="DeveloperRunWithApiReplicasTests"/>; SIGTERM at the end must leave no process behind.
/// </summary>
public sealed class ReplicatedDeveloperRun : IAsyncLifetime, IDisposable
{
    private readonly TemporaryDataDirectory _data = new();
    private AppHostProcess? _run;

    internal AppHostProcess Run => _run ?? throw new InvalidOperationException("Not started.");

    internal DashboardTelemetry Telemetry { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _run = await AppHostProcess.StartAsync(_data.Path, "--replicas", "api=2");
        Telemetry = new DashboardTelemetry(AppHostProcess.DashboardUrl, _run.DashboardApiKey);
    }

    public async Task DisposeAsync()
    {
        Telemetry?.Dispose();
        try
        {
            if (_run is not null)
            {
                var survivors = await _run.TerminateAsync(TimeSpan.FromSeconds(45));
                if (survivors.Count > 0)
                {
                    throw new InvalidOperationException("Alive after SIGTERM: " + string.Join("; ", survivors));
                }
            }
        }
        finally
        {
            await (_run?.DisposeAsync() ?? ValueTask.CompletedTask);
            _data.Dispose();
        }
    }

    public void Dispose() => _data.Dispose();
}

/// <summary>What a developer sees of a request in the dashboard, and two API replicas behind one endpoint.</summary>
[Trait(Category.Name, Category.EndToEnd)]
[Collection(AppHostProcessCollection.Name)]
public sealed class DeveloperRunWithApiReplicasTests(ReplicatedDeveloperRun stack) : IClassFixture<ReplicatedDeveloperRun>
{
    private static readonly Regex ApiProcess = new(@"/Platform\.Api(\s|$)");

    [Fact]
    public async Task The_dashboard_holds_the_trace_of_a_task_request_with_api_and_PostgreSQL_spans_and_the_api_logs_with_its_request_id()
    {
        using var user = await StackUser.SignUpAsync();
        var (traceId, traceParent) = StackUser.NewTrace();
        var requestId = "apphost-test-" + traceId[..12];

        await user.CreateTaskAsync("Traced through the dashboard", traceParent, requestId);

        var spans = await stack.Telemetry.TraceAsync(traceId, s => s.Any(IsPostgres) && s.Any(IsTaskRequest));
        Assert.True(spans.Any(IsTaskRequest), "No api span for POST /api/tasks in: " + Describe(spans));
        Assert.True(spans.Any(IsPostgres), "No PostgreSQL span from the api in: " + Describe(spans));
        Assert.Equal(requestId, spans.Single(IsTaskRequest).Attributes.GetValueOrDefault("http.request.id"));

        var logs = await stack.Telemetry.LogsAsync(traceId, l => l.Any(IsApiLogOfTheRequest));
        Assert.Contains(logs, IsApiLogOfTheRequest);

        bool IsApiLogOfTheRequest(TelemetryLog log) => log.Service == "api" && log.Attributes["RequestId"].Contains(requestId);
        static bool IsTaskRequest(TelemetrySpan span) => span.Service == "api" && span.Name.StartsWith("POST /api/tasks", StringComparison.Ordinal);
        static bool IsPostgres(TelemetrySpan span) => span.Service == "api" && span.Attributes.GetValueOrDefault("db.system.name") == "postgresql";
    }

    [Fact]
    public async Task Each_api_replica_is_its_own_process_with_its_own_service_instance_id()
    {
        var replicas = stack.Run.RecordProcesses().Where(p => ApiProcess.IsMatch(p.Value))
            .Select(p => ProcessTree.Environment(p.Key)).ToList();

        Assert.Equal(2, replicas.Count);
        Assert.All(replicas, environment => Assert.Equal("api", environment.GetValueOrDefault("OTEL_SERVICE_NAME")));
        var instanceIds = replicas.Select(e => Regex.Match(e.GetValueOrDefault("OTEL_RESOURCE_ATTRIBUTES", ""), "service.instance.id=([^,]+)").Groups[1].Value).ToList();
        Assert.All(instanceIds, id => Assert.False(string.IsNullOrEmpty(id)));
        Assert.Equal(2, instanceIds.Distinct().Count());

        // The dashboard tells them apart the same way.
        var resources = await stack.Telemetry.ResourcesAsync();
        Assert.All(instanceIds, id => Assert.Contains(("api", id), resources));
    }

    [Fact]
    public async Task Requests_to_the_one_api_endpoint_reach_both_replicas_and_one_JWT_works_on_each()
    {
        using var user = await StackUser.SignUpAsync();
        var created = await user.CreateTaskAsync("Visible from every replica");

        // Each request opens its own connection, so the proxy picks a replica each time; the trace says which one.
        var answeredBy = new HashSet<string>(StringComparer.Ordinal);
        for (var batch = 0; batch < 4 && answeredBy.Count < 2; batch++)
        {
            var traces = new List<string>();
            for (var i = 0; i < 8; i++)
            {
                var (traceId, traceParent) = StackUser.NewTrace();
                Assert.Contains(created, await user.ListTaskIdsAsync(traceParent));
                traces.Add(traceId);
            }
            foreach (var traceId in traces)
            {
                var spans = await stack.Telemetry.TraceAsync(traceId, s => s.Any(IsServerSpan));
                answeredBy.UnionWith(spans.Where(IsServerSpan).Select(s => s.InstanceId));
            }
        }

        Assert.Equal(2, answeredBy.Count);

        static bool IsServerSpan(TelemetrySpan span) => span.Service == "api" && span.Name.StartsWith("GET /api/tasks", StringComparison.Ordinal);
    }

    private static string Describe(IEnumerable<TelemetrySpan> spans) =>
        string.Join("; ", spans.Select(s => $"{s.Service}/{s.InstanceId} {s.Scope} {s.Name}"));
}
