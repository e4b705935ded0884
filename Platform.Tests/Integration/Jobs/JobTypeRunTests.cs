using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Data;
using Platform.Core.Jobs;
using Platform.Core.Jobs.Runs;
using Platform.Core.Jobs.Schedules;
using Platform.Core.Tasks;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Integration.Jobs;

[Trait(Category.Name, Category.Integration)]
public sealed class JobTypeRunTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private JobsCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = await JobsCluster.StartAsync(database.ConnectionString);
        await _cluster.StartWorkerAsync("worker-a");
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private async Task AddTaskAsync(string tenantId, string title, TaskItemStatus status, DateTimeOffset updatedAt)
    {
        await using var scope = _cluster.ApiServices.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        db.Tasks.Add(new TaskItem
        {
            Id = Guid.CreateVersion7(),
            TenantId = tenantId,
            CreatedBy = tenantId[5..],
            Title = title,
            Status = status,
            CreatedAt = updatedAt,
            UpdatedAt = updatedAt,
            Version = 1,
        });
        await db.SaveChangesAsync();
    }

    private async Task<JobRun> RunOnceAsync(JobCaller caller, string type, string payload)
    {
        var job = await _cluster.AsAsync(caller, jobs => jobs.CreateAsync(new CreateJobRequest(
            type, type, new JobSchedule { Kind = ScheduleKinds.Once, RunAt = DateTimeOffset.UtcNow.AddMilliseconds(500) },
            JsonDocument.Parse(payload).RootElement, null), CancellationToken.None));
        Assert.Equal(JobOutcomeKind.Ok, job.Kind);
        await Poll.UntilAsync(async () => (await _cluster.RunsAsync(job.Value!.Id)).Any(r => r.Status != RunStatus.Running), Timeout, $"{type} finished");
        return Assert.Single(await _cluster.RunsAsync(job.Value!.Id));
    }

    [Fact]
    public async Task Cleanup_deletes_only_the_callers_old_completed_tasks()
    {
        var old = DateTimeOffset.UtcNow.AddDays(-10);
        await AddTaskAsync("user:alice", "old-done", TaskItemStatus.Completed, old);
        await AddTaskAsync("user:alice", "old-open", TaskItemStatus.Pending, old);
        await AddTaskAsync("user:alice", "new-done", TaskItemStatus.Completed, DateTimeOffset.UtcNow);
        await AddTaskAsync("user:bob", "bob-old-done", TaskItemStatus.Completed, old);

        var run = await RunOnceAsync(JobsCluster.Alice, "cleanup-completed-tasks", """{"olderThanDays":7}""");

        Assert.Equal(RunStatus.Succeeded, run.Status);
        await using var scope = _cluster.ApiServices.CreateAsyncScope();
        var titles = scope.ServiceProvider.GetRequiredService<PlatformDbContext>().Tasks.IgnoreQueryFilters().Select(t => t.Title).ToList();
        Assert.DoesNotContain("old-done", titles);
        Assert.Contains("old-open", titles);
        Assert.Contains("new-done", titles);
        Assert.Contains("bob-old-done", titles);
    }

    [Fact]
    public async Task Export_on_a_worker_without_storage_fails_with_a_message_naming_the_missing_storage()
    {
        var run = await RunOnceAsync(JobsCluster.Alice, "export-tasks", """{"format":"csv"}""");

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Contains("ConnectionStrings:storage", run.Error, StringComparison.Ordinal);
        Assert.Null(run.Output);
    }
}
