using System.Diagnostics;
using System.Text.Json;
using Platform.Core.Jobs;
using Platform.Core.Jobs.Runs;
using Platform.Core.Jobs.Schedules;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Integration.Jobs;

[Trait(Category.Name, Category.Integration)]
public sealed class ConcurrencyTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private JobsCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await JobsCluster.StartAsync(database.ConnectionString);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Across_two_workers_a_job_never_runs_concurrently_and_50_runs_are_each_recorded_once()
    {
        await _cluster.StartWorkerAsync("worker-a");
        await _cluster.StartWorkerAsync("worker-b");
        // Runs take longer than the 1 s interval, and 45 run-now fires pile up behind them.
        var job = (await _cluster.AsAsync(JobsCluster.Alice, jobs => jobs.CreateAsync(new CreateJobRequest(
            "busy", "noop", new JobSchedule { Kind = ScheduleKinds.Interval, IntervalSeconds = 1 },
            JsonDocument.Parse("""{"durationMs":150}""").RootElement, null), CancellationToken.None))).Value!;
        for (var i = 0; i < 45; i++)
        {
            await _cluster.AsAsync(JobsCluster.Alice, jobs => jobs.RunNowAsync(job.Id, CancellationToken.None));
        }

        await Poll.UntilAsync(async () => (await _cluster.RunsAsync(job.Id)).Count(r => r.Status == RunStatus.Succeeded) >= 50,
            TimeSpan.FromSeconds(90), "50 succeeded runs");
        await _cluster.AsAsync(JobsCluster.Alice, jobs => jobs.PauseAsync(job.Id, CancellationToken.None));
        // A trigger fired just before the pause still runs, and its row appears a moment after the fire: wait
        // until no run is in flight and no new run has appeared for a whole second.
        var (seen, quietSince) = (-1, Stopwatch.StartNew());
        await Poll.UntilAsync(async () =>
        {
            var current = await _cluster.RunsAsync(job.Id);
            if (current.Count != seen || current.Any(r => r.Status == RunStatus.Running))
            {
                (seen, quietSince) = (current.Count, Stopwatch.StartNew());
                return false;
            }
            return quietSince.Elapsed >= TimeSpan.FromSeconds(1);
        }, TimeSpan.FromSeconds(15), "in-flight runs done");

        var runs = (await _cluster.RunsAsync(job.Id)).OrderBy(r => r.StartedAt).ToList();
        Assert.True(runs.Count >= 50);
        Assert.All(runs, r => Assert.Equal(RunStatus.Succeeded, r.Status));
        Assert.Equal(runs.Count, runs.Select(r => r.FireInstanceId).Distinct().Count());
        for (var i = 1; i < runs.Count; i++)
        {
            Assert.True(runs[i].StartedAt >= runs[i - 1].FinishedAt, $"run {i} started at {runs[i].StartedAt:O} before run {i - 1} finished at {runs[i - 1].FinishedAt:O}");
        }
    }
}
