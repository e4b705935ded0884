using System.Text.Json;
using Quartz;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Jobs;
using Platform.Core.Jobs.Quartz;
using Platform.Core.Jobs.Runs;
using Platform.Core.Jobs.Schedules;
using Platform.Core.Paging;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Integration.Jobs;

[Trait(Category.Name, Category.Integration)]
public sealed class JobLifecycleTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private JobsCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = await JobsCluster.StartAsync(database.ConnectionString);
        await _cluster.StartWorkerAsync("worker-a");
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private Task<JobOutcome<JobResponse>> CreateAsync(JobSchedule schedule, string payload = "{}", bool? enabled = null) =>
        _cluster.AsAsync(JobsCluster.Alice, jobs => jobs.CreateAsync(
            new CreateJobRequest("job", "noop", schedule, JsonDocument.Parse(payload).RootElement, enabled), CancellationToken.None));

    private async Task<int> FinishedRunsAsync(Guid id) => (await _cluster.RunsAsync(id)).Count(r => r.Status != RunStatus.Running);

    [Fact]
    public async Task Pause_stops_runs_resume_restarts_them_run_now_adds_one_and_delete_removes_the_quartz_job()
    {
        var job = (await CreateAsync(new JobSchedule { Kind = ScheduleKinds.Interval, IntervalSeconds = 1 })).Value!;
        Assert.Equal(5, job.NextRuns.Count);
        await Poll.UntilAsync(async () => await FinishedRunsAsync(job.Id) >= 1, Timeout, "first run");

        var paused = await _cluster.AsAsync(JobsCluster.Alice, jobs => jobs.PauseAsync(job.Id, CancellationToken.None));
        Assert.False(paused.Value!.Enabled);
        Assert.Empty(paused.Value.NextRuns);
        await Poll.UntilAsync(async () => (await _cluster.RunsAsync(job.Id)).All(r => r.Status != RunStatus.Running), Timeout, "in-flight run done");
        var afterPause = (await _cluster.RunsAsync(job.Id)).Count;
        await Observe.StaysTrueAsync(async () => (await _cluster.RunsAsync(job.Id)).Count == afterPause, TimeSpan.FromSeconds(3), "no runs while paused");

        await _cluster.AsAsync(JobsCluster.Alice, jobs => jobs.RunNowAsync(job.Id, CancellationToken.None));
        await Poll.UntilAsync(async () => await FinishedRunsAsync(job.Id) == afterPause + 1, Timeout, "the run-now run");
        await Observe.StaysTrueAsync(async () => (await _cluster.RunsAsync(job.Id)).Count == afterPause + 1, TimeSpan.FromSeconds(2), "exactly one extra run");

        var resumed = await _cluster.AsAsync(JobsCluster.Alice, jobs => jobs.ResumeAsync(job.Id, CancellationToken.None));
        Assert.True(resumed.Value!.Enabled);
        Assert.NotEmpty(resumed.Value.NextRuns);
        await Poll.UntilAsync(async () => await FinishedRunsAsync(job.Id) >= afterPause + 3, Timeout, "runs again after resume");

        var deleted = await _cluster.AsAsync(JobsCluster.Alice, jobs => jobs.DeleteAsync(job.Id, null, CancellationToken.None));
        Assert.Equal(JobOutcomeKind.Ok, deleted.Kind);
        var scheduler = await _cluster.ApiServices.GetRequiredService<ISchedulerFactory>().GetScheduler();
        Assert.False(await scheduler.Exists(JobData.JobKeyFor(job.Id)));
        Assert.False(await scheduler.Exists(JobData.TriggerKeyFor(job.Id)));
        Assert.Equal(0, await _cluster.CountAsync($"SELECT count(*) FROM quartz.qrtz_triggers WHERE job_name = '{job.Id}'"));
        Assert.Equal(JobOutcomeKind.NotFound, (await _cluster.AsAsync(JobsCluster.Alice, jobs => jobs.GetAsync(job.Id, CancellationToken.None))).Kind);
    }

    [Fact]
    public async Task A_failing_run_is_recorded_as_failed_with_its_error_and_the_worker_keeps_running()
    {
        var failing = (await CreateAsync(new JobSchedule { Kind = ScheduleKinds.Interval, IntervalSeconds = 1 }, """{"fail":true}""")).Value!;
        await Poll.UntilAsync(async () => (await _cluster.RunsAsync(failing.Id)).Count(r => r.Status == RunStatus.Failed) >= 2, Timeout, "two failed runs");

        var run = (await _cluster.RunsAsync(failing.Id)).First(r => r.Status == RunStatus.Failed);
        Assert.Contains("noop failed as requested", run.Error, StringComparison.Ordinal);
        Assert.NotNull(run.FinishedAt);

        var healthy = (await CreateAsync(new JobSchedule { Kind = ScheduleKinds.Once, RunAt = DateTimeOffset.UtcNow.AddSeconds(1) })).Value!;
        await Poll.UntilAsync(async () => (await _cluster.RunsAsync(healthy.Id)).Any(r => r.Status == RunStatus.Succeeded), Timeout, "the worker still runs other jobs");
    }

    [Fact]
    public async Task Another_tenant_cannot_see_or_control_a_job()
    {
        var job = (await CreateAsync(new JobSchedule { Kind = ScheduleKinds.Cron, Cron = "0 3 * * *" })).Value!;

        await _cluster.AsAsync(JobsCluster.Bob, async jobs =>
        {
            Assert.Equal(JobOutcomeKind.NotFound, (await jobs.GetAsync(job.Id, CancellationToken.None)).Kind);
            Assert.Equal(JobOutcomeKind.NotFound, (await jobs.PauseAsync(job.Id, CancellationToken.None)).Kind);
            Assert.Equal(JobOutcomeKind.NotFound, (await jobs.RunNowAsync(job.Id, CancellationToken.None)).Kind);
            Assert.Equal(JobOutcomeKind.NotFound, (await jobs.DeleteAsync(job.Id, null, CancellationToken.None)).Kind);
            Assert.Equal(JobOutcomeKind.NotFound, (await jobs.ListRunsAsync(job.Id, 10, null, CancellationToken.None)).Kind);
            Assert.DoesNotContain((await jobs.ListAsync(100, null, CancellationToken.None)).Items, j => j.Id == job.Id);
            return true;
        });
    }

    [Fact]
    public async Task Created_cron_job_shows_the_next_five_fire_times_quartz_stored()
    {
        var job = (await CreateAsync(new JobSchedule { Kind = ScheduleKinds.Cron, Cron = "0 9 * * 1-5", TimeZone = "Europe/Paris" })).Value!;

        Assert.Equal(5, job.NextRuns.Count);
        Assert.All(job.NextRuns, t =>
        {
            var paris = TimeZoneInfo.ConvertTime(t, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"));
            Assert.Equal(9, paris.Hour);
            Assert.InRange((int)paris.DayOfWeek, 1, 5);
        });
        var scheduler = await _cluster.ApiServices.GetRequiredService<ISchedulerFactory>().GetScheduler();
        Assert.Equal((await scheduler.GetTrigger(JobData.TriggerKeyFor(job.Id)))!.NextFireTimeUtc, job.NextRuns[0]);
    }

    [Fact]
    public async Task Keyset_pages_list_each_job_once_newest_first()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await CreateAsync(new JobSchedule { Kind = ScheduleKinds.Cron, Cron = "0 3 * * *" }, enabled: false)).Value!.Id);
        }
        var seen = new List<Guid>();
        ListPosition? after = null;
        do
        {
            var page = await _cluster.AsAsync(JobsCluster.Alice, jobs => jobs.ListAsync(2, after, CancellationToken.None));
            seen.AddRange(page.Items.Select(j => j.Id));
            after = page.Next;
        }
        while (after is not null);

        var mine = seen.Where(ids.Contains).ToList();
        Assert.Equal(Enumerable.Reverse(ids), mine);
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }
}
