using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Platform.Core.Data;
using Platform.Core.Jobs.Quartz;
using Platform.Core.Jobs.Runs;
using Platform.Core.Tasks;
using Platform.Core.Tenancy;

namespace Platform.Core.Jobs.Types;

/// <summary><c>cleanup-completed-tasks {olderThanDays}</c>: deletes the tenant's completed tasks not updated for that long.
/// Idempotent: a second run finds nothing left to delete.</summary>
[DisallowConcurrentExecution]
public sealed class CleanupCompletedTasksJob(JobRunTracker tracker, IServiceScopeFactory scopes, TimeProvider timeProvider)
    : PlatformJob<CleanupCompletedTasksJob.Payload>(tracker)
{
    public const string TypeName = "cleanup-completed-tasks";

    public static readonly JobTypeDescriptor Descriptor = new(
        TypeName,
        "Deletes the tenant's completed tasks that were last updated more than olderThanDays days ago.",
        typeof(CleanupCompletedTasksJob),
        [new IntegerField("olderThanDays", "Age in days, since the last update, of the completed tasks to delete.", 0, 36_500, DefaultValue: 30)]);

    public sealed record Payload(int OlderThanDays);

    protected override async Task<string?> RunAsync(JobData job, Payload payload, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().ActFor(job);
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var cutoff = timeProvider.GetUtcNow().AddDays(-payload.OlderThanDays);
        var deleted = await db.Tasks
            .Where(t => t.TenantId == job.TenantId && t.Status == TaskItemStatus.Completed && t.UpdatedAt < cutoff)
            .ExecuteDeleteAsync(cancellationToken);
        return $"deleted {deleted} completed task(s) older than {payload.OlderThanDays} day(s)";
    }
}
