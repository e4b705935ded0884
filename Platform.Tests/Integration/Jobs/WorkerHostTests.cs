using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Platform.Core.Jobs;
using Platform.Core.Jobs.Runs;
using Platform.Core.Jobs.Schedules;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Integration.Jobs;

[Trait(Category.Name, Category.Integration)]
public sealed class WorkerHostTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private JobsCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await JobsCluster.StartAsync(database.ConnectionString);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private Task<JobOutcome<JobResponse>> CreateOnceAsync(int durationMs) =>
        _cluster.AsAsync(JobsCluster.Alice, jobs => jobs.CreateAsync(new CreateJobRequest(
            "once", "noop", new JobSchedule { Kind = ScheduleKinds.Once, RunAt = DateTimeOffset.UtcNow.AddMilliseconds(300) },
            JsonDocument.Parse($$"""{"durationMs":{{durationMs}}}""").RootElement, null), CancellationToken.None));

    [Fact]
    public async Task Health_and_alive_report_the_scheduler()
    {
        var worker = await _cluster.StartWorkerAsync("worker-health");
        using var client = worker.CreateClient();
        foreach (var path in new[] { "/health", "/alive" })
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("Healthy", body.RootElement.GetProperty("checks").GetProperty("scheduler").GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task Each_run_has_a_span_whose_trace_id_is_recorded_with_the_run()
    {
        var spans = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == JobTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(listener);
        await _cluster.StartWorkerAsync("worker-otel");

        var job = (await CreateOnceAsync(10)).Value!;
        await Poll.UntilAsync(async () => (await _cluster.RunsAsync(job.Id)).Any(r => r.Status == RunStatus.Succeeded), Timeout, "run succeeded");
        var run = Assert.Single(await _cluster.RunsAsync(job.Id));
        await Poll.UntilAsync(() => Task.FromResult(spans.Any(s => (string?)s.GetTagItem("job.id") == job.Id.ToString())), Timeout, "span stopped");

        var span = spans.Single(s => (string?)s.GetTagItem("job.id") == job.Id.ToString());
        Assert.Equal("job noop", span.DisplayName);
        Assert.Equal(run.TraceId, span.TraceId.ToHexString());
        Assert.Equal("worker-otel", span.GetTagItem("service.instance.id"));
    }

    [Fact]
    public async Task A_stopping_worker_lets_its_running_job_finish()
    {
        var worker = await _cluster.StartWorkerAsync("worker-stopping");
        var job = (await CreateOnceAsync(1500)).Value!;
        await Poll.UntilAsync(async () => (await _cluster.RunsAsync(job.Id)).Any(r => r.Status == RunStatus.Running), Timeout, "run started");

        await worker.DisposeAsync();

        var run = Assert.Single(await _cluster.RunsAsync(job.Id));
        Assert.Equal(RunStatus.Succeeded, run.Status);
        Assert.True(run.DurationMs >= 1500);
    }

    [Fact]
    public async Task Patch_changes_schedule_payload_and_enabled_and_keeps_quartz_in_step()
    {
        var job = (await _cluster.AsAsync(JobsCluster.Alice, jobs => jobs.CreateAsync(new CreateJobRequest(
            "patched", "noop", new JobSchedule { Kind = ScheduleKinds.Cron, Cron = "0 3 * * *" }, null, null), CancellationToken.None))).Value!;

        var updated = await _cluster.AsAsync(JobsCluster.Alice, jobs => jobs.UpdateAsync(job.Id, new UpdateJobRequest(
            "renamed", new JobSchedule { Kind = ScheduleKinds.Cron, Cron = "0 4 * * *" }, JsonDocument.Parse("""{"durationMs":5}""").RootElement, null),
            expectedVersion: 1, CancellationToken.None));
        Assert.Equal(JobOutcomeKind.Ok, updated.Kind);
        Assert.Equal("renamed", updated.Value!.Name);
        Assert.All(updated.Value.NextRuns, r => Assert.Equal(4, r.UtcDateTime.Hour));
        Assert.Equal(5, updated.Value.Payload!["durationMs"]!.GetValue<int>());

        var stale = await _cluster.AsAsync(JobsCluster.Alice, jobs => jobs.UpdateAsync(job.Id, new UpdateJobRequest(null, null, null, false), expectedVersion: 1, CancellationToken.None));
        Assert.Equal(JobOutcomeKind.PreconditionFailed, stale.Kind);

        var disabled = await _cluster.AsAsync(JobsCluster.Alice, jobs => jobs.UpdateAsync(job.Id, new UpdateJobRequest(null, null, null, false), expectedVersion: 2, CancellationToken.None));
        Assert.False(disabled.Value!.Enabled);
        Assert.Empty(disabled.Value.NextRuns);
    }

    [Fact]
    public async Task An_org_member_reads_but_cannot_change_another_members_job()
    {
        var owner = new JobCaller("carol", "acme", "member");
        var member = new JobCaller("dave", "acme", "member");
        var admin = new JobCaller("erin", "acme", "admin");
        var job = (await _cluster.AsAsync(owner, jobs => jobs.CreateAsync(new CreateJobRequest(
            "org job", "noop", new JobSchedule { Kind = ScheduleKinds.Cron, Cron = "0 3 * * *" }, null, null), CancellationToken.None))).Value!;

        Assert.Equal(JobOutcomeKind.Ok, (await _cluster.AsAsync(member, jobs => jobs.GetAsync(job.Id, CancellationToken.None))).Kind);
        Assert.Equal(JobOutcomeKind.Forbidden, (await _cluster.AsAsync(member, jobs => jobs.PauseAsync(job.Id, CancellationToken.None))).Kind);
        Assert.Equal(JobOutcomeKind.Forbidden, (await _cluster.AsAsync(member, jobs => jobs.RunNowAsync(job.Id, CancellationToken.None))).Kind);
        Assert.Equal(JobOutcomeKind.Ok, (await _cluster.AsAsync(admin, jobs => jobs.PauseAsync(job.Id, CancellationToken.None))).Kind);
    }
}
