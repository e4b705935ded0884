using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Platform.Core.Jobs;
using Platform.Core.Jobs.Runs;
using Platform.Core.Jobs.Schedules;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Integration.Jobs;

[Trait(Category.Name, Category.Integration)]
public sealed class WorkerClusterTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private JobsCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await JobsCluster.StartAsync(database.ConnectionString);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task The_quartz_schema_is_created_from_the_ddl_inside_quartz()
    {
        Assert.True(await _cluster.CountAsync("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'quartz'") >= 11);
        Assert.Equal(1, await _cluster.CountAsync("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'quartz' AND table_name = 'qrtz_fired_triggers'"));
    }

    [Fact]
    public async Task Two_workers_join_the_cluster_with_different_instance_ids()
    {
        var a = await _cluster.StartWorkerAsync("worker-a");
        var b = await _cluster.StartWorkerAsync("worker-b");

        var idA = (await a.Services.GetRequiredService<ISchedulerFactory>().GetScheduler()).SchedulerInstanceId;
        var idB = (await b.Services.GetRequiredService<ISchedulerFactory>().GetScheduler()).SchedulerInstanceId;

        Assert.NotEqual("AUTO", idA);
        Assert.NotEqual(idA, idB);
        await Poll.UntilAsync(
            async () => await _cluster.CountAsync("SELECT count(*) FROM quartz.qrtz_scheduler_state") == 2,
            TimeSpan.FromSeconds(10), "both workers checked in");
    }

    [Fact]
    public async Task An_interval_job_runs_and_each_run_is_recorded()
    {
        await _cluster.StartWorkerAsync("worker-a");
        var job = await _cluster.AsAsync(JobsCluster.Alice, jobs => jobs.CreateAsync(new CreateJobRequest(
            "tick", "noop", new JobSchedule { Kind = ScheduleKinds.Interval, IntervalSeconds = 1 }, null, null), CancellationToken.None));
        Assert.Equal(JobOutcomeKind.Ok, job.Kind);

        await Poll.UntilAsync(async () => (await _cluster.RunsAsync(job.Value!.Id)).Count(r => r.Status == RunStatus.Succeeded) >= 2,
            TimeSpan.FromSeconds(15), "two succeeded runs");

        var run = (await _cluster.RunsAsync(job.Value!.Id)).First(r => r.Status == RunStatus.Succeeded);
        Assert.Equal("worker-a", run.WorkerInstance);
        Assert.Equal(1, run.Attempt);
        Assert.NotNull(run.FinishedAt);
        Assert.NotNull(run.DurationMs);
        Assert.Equal(32, run.TraceId?.Length);
    }
}
