using Microsoft.EntityFrameworkCore;
using Platform.Core.Data;
using Platform.Core.Paging;
using Platform.Core.Tenancy;

namespace Platform.Core.Tasks;

public sealed record TaskListQuery(TaskItemStatus? Status, string? Search, int Limit, ListPosition? After);

public sealed record TaskPage(IReadOnlyList<TaskItem> Items, ListPosition? Next);

public sealed record TaskDraft(string Title, string? Description, TaskItemStatus Status, DateTimeOffset? DueAt);

/// <summary>PATCH with JSON merge semantics: only the fields marked as sent change.</summary>
public sealed record TaskChanges
{
    public bool SetTitle { get; init; }
    public string Title { get; init; } = "";
    public bool SetDescription { get; init; }
    public string? Description { get; init; }
    public bool SetStatus { get; init; }
    public TaskItemStatus Status { get; init; }
    public bool SetDueAt { get; init; }
    public DateTimeOffset? DueAt { get; init; }
}

public enum TaskWriteOutcome
{
    Done,
    NotFound,
    Forbidden,
    PreconditionFailed,
}

/// <summary>
/// Tasks of the current tenant. Tenant scoping comes from <see cref="PlatformDbContext"/>'s query filter;
/// this service adds who may change what and optimistic concurrency.
/// </summary>
public sealed class TaskService(PlatformDbContext db, TenantContext tenant, TimeProvider time)
{
    // The unfiltered list is the hot path (every page of every client): compiled once, so a request skips building
    // and matching the LINQ expression tree. Filtered lists (status, search) compose the query per request.
    private static readonly Func<PlatformDbContext, int, IAsyncEnumerable<TaskItem>> FirstPage =
        EF.CompileAsyncQuery((PlatformDbContext db, int take) => db.Tasks.AsNoTracking()
            .OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id)
            .Take(take));

    private static readonly Func<PlatformDbContext, DateTimeOffset, Guid, int, IAsyncEnumerable<TaskItem>> NextPage =
        EF.CompileAsyncQuery((PlatformDbContext db, DateTimeOffset at, Guid id, int take) => db.Tasks.AsNoTracking()
            .Where(t => EF.Functions.LessThan(ValueTuple.Create(t.CreatedAt, t.Id), ValueTuple.Create(at, id)))
            .OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id)
            .Take(take));

    public async Task<TaskPage> ListAsync(TaskListQuery query, CancellationToken cancellationToken)
    {
        var items = query is { Status: null, Search: null or "" }
            ? await ToListAsync(query.After is { } position
                ? NextPage(db, position.At, position.Id, query.Limit + 1)
                : FirstPage(db, query.Limit + 1), query.Limit + 1, cancellationToken)
            : await FilteredAsync(query, cancellationToken);

        if (items.Count <= query.Limit)
        {
            return new TaskPage(items, null);
        }

        items.RemoveAt(items.Count - 1);
        var last = items[^1];
        return new TaskPage(items, new ListPosition(last.CreatedAt, last.Id));
    }

    private static async Task<List<TaskItem>> ToListAsync(IAsyncEnumerable<TaskItem> query, int capacity, CancellationToken cancellationToken)
    {
        var items = new List<TaskItem>(capacity);
        await foreach (var item in query.WithCancellation(cancellationToken))
        {
            items.Add(item);
        }
        return items;
    }

    private Task<List<TaskItem>> FilteredAsync(TaskListQuery query, CancellationToken cancellationToken)
    {
        var tasks = db.Tasks.AsNoTracking();
        if (query.Status is { } status)
        {
            tasks = tasks.Where(t => t.Status == status);
        }

        if (!string.IsNullOrEmpty(query.Search))
        {
            var pattern = "%" + EscapeLike(query.Search) + "%";
            tasks = tasks.Where(t => EF.Functions.ILike(t.Title, pattern, "\\")
                || (t.Description != null && EF.Functions.ILike(t.Description, pattern, "\\")));
        }

        if (query.After is { } after)
        {
            tasks = tasks.Where(t => EF.Functions.LessThan(
                ValueTuple.Create(t.CreatedAt, t.Id), ValueTuple.Create(after.At, after.Id)));
        }

        return tasks
            .OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id)
            .Take(query.Limit + 1)
            .ToListAsync(cancellationToken);
    }

    public Task<TaskItem?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Tasks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, cancellationToken);

    public async Task<TaskItem> CreateAsync(TaskDraft draft, CancellationToken cancellationToken)
    {
        EnsureTenant();
        var now = Now();
        var task = new TaskItem
        {
            Id = Guid.CreateVersion7(now),
            TenantId = tenant.TenantId!,
            CreatedBy = tenant.UserId!,
            Title = draft.Title,
            Description = draft.Description,
            Status = draft.Status,
            DueAt = draft.DueAt?.ToUniversalTime(),
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
        };
        db.Tasks.Add(task);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return task;
    }

    public async Task<(TaskWriteOutcome Outcome, TaskItem? Task)> UpdateAsync(
        Guid id, TaskChanges changes, int? expectedVersion, CancellationToken cancellationToken)
    {
        var task = await db.Tasks.SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (task is null)
        {
            return (TaskWriteOutcome.NotFound, null);
        }

        if (!tenant.CanModify(task.CreatedBy))
        {
            return (TaskWriteOutcome.Forbidden, null);
        }

        if (expectedVersion is { } expected && expected != task.Version)
        {
            return (TaskWriteOutcome.PreconditionFailed, null);
        }

        if (changes.SetTitle)
        {
            task.Title = changes.Title;
        }
        if (changes.SetDescription)
        {
            task.Description = changes.Description;
        }
        if (changes.SetStatus)
        {
            task.Status = changes.Status;
        }
        if (changes.SetDueAt)
        {
            task.DueAt = changes.DueAt?.ToUniversalTime();
        }

        task.UpdatedAt = Now();
        // The UPDATE carries WHERE version = <read version>: of two writers holding the same ETag, one wins.
        task.Version++;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return (TaskWriteOutcome.PreconditionFailed, null);
        }

        db.ChangeTracker.Clear();
        return (TaskWriteOutcome.Done, task);
    }

    public async Task<TaskWriteOutcome> DeleteAsync(Guid id, int? expectedVersion, CancellationToken cancellationToken)
    {
        var task = await db.Tasks.SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (task is null)
        {
            return TaskWriteOutcome.NotFound;
        }

        if (!tenant.CanModify(task.CreatedBy))
        {
            return TaskWriteOutcome.Forbidden;
        }

        if (expectedVersion is { } expected && expected != task.Version)
        {
            return TaskWriteOutcome.PreconditionFailed;
        }

        db.Tasks.Remove(task);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return expectedVersion is null ? TaskWriteOutcome.Done : TaskWriteOutcome.PreconditionFailed;
        }

        return TaskWriteOutcome.Done;
    }

    /// <summary>The cursor scope: a cursor continues only the list (tenant + filters) it was issued for.</summary>
    public string CursorScope(TaskItemStatus? status, string? search) =>
        $"{tenant.TenantId}|{status?.ToName()}|{search}";

    // PostgreSQL keeps microseconds; trimming here makes in-memory values equal what a read returns (cursors, ETags).
    private DateTimeOffset Now()
    {
        var now = time.GetUtcNow();
        return now.AddTicks(-(now.UtcTicks % 10));
    }

    private void EnsureTenant()
    {
        if (!tenant.IsSet)
        {
            throw new InvalidOperationException("No tenant is set for this scope.");
        }
    }

    private static string EscapeLike(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal);
}
