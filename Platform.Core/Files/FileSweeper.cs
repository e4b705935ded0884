using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Core.Data;
using Platform.Core.Storage;
using Platform.Core.Tenancy;

namespace Platform.Core.Files;

public sealed record FileSweepResult(int StaleRowsRemoved, int OrphanObjectsRemoved);

/// <summary>
/// Removes what failed uploads leave behind, across all tenants: rows still <c>uploading</c> after
/// <see cref="FilesOptions.StaleUploadAge"/> (with their object, if any) and file objects that no ready row
/// owns. Idempotent, so the API's timer and (later) a <c>cleanup-orphan-files</c> job can both call it.
/// </summary>
public sealed partial class FileSweeper(
    PlatformDbContext db, IObjectStore store, IOptions<FilesOptions> options, TimeProvider time, ILogger<FileSweeper> logger)
{
    private const int BatchSize = 500;

    /// <summary>File objects live under tenant keys; anything else in the bucket (avatars) is not the sweep's.</summary>
    private static readonly string[] FilePrefixes = [TenantContext.UserPrefix, TenantContext.OrganizationPrefix];

    public Task<FileSweepResult> SweepAsync(CancellationToken cancellationToken) =>
        SweepAsync(time.GetUtcNow() - options.Value.StaleUploadAge, cancellationToken);

    /// <summary>Sweeps as if uploads started before <paramref name="staleBefore"/> were abandoned.</summary>
    public async Task<FileSweepResult> SweepAsync(DateTimeOffset staleBefore, CancellationToken cancellationToken)
    {
        var rows = await RemoveStaleRowsAsync(staleBefore, cancellationToken);
        var objects = 0;
        foreach (var prefix in FilePrefixes)
        {
            objects += await RemoveOrphanObjectsAsync(prefix, staleBefore, cancellationToken);
        }

        if (rows + objects > 0)
        {
            LogSwept(logger, rows, objects);
        }
        return new FileSweepResult(rows, objects);
    }

    private async Task<int> RemoveStaleRowsAsync(DateTimeOffset staleBefore, CancellationToken cancellationToken)
    {
        var removed = 0;
        while (true)
        {
            var stale = await db.Files.IgnoreQueryFilters().AsNoTracking()
                .Where(f => f.Status == FileStatus.Uploading && f.CreatedAt < staleBefore)
                .OrderBy(f => f.CreatedAt)
                .Select(f => new { f.Id, f.ObjectKey })
                .Take(BatchSize)
                .ToListAsync(cancellationToken);
            foreach (var file in stale)
            {
                await store.DeleteAsync(file.ObjectKey, cancellationToken);
                // Only while still uploading: a completion that won the race keeps its file.
                removed += await db.Files.IgnoreQueryFilters()
                    .Where(f => f.Id == file.Id && f.Status == FileStatus.Uploading)
                    .ExecuteDeleteAsync(cancellationToken);
            }
            if (stale.Count < BatchSize)
            {
                return removed;
            }
        }
    }

    private async Task<int> RemoveOrphanObjectsAsync(string prefix, DateTimeOffset staleBefore, CancellationToken cancellationToken)
    {
        var orphans = new List<string>();
        var batch = new List<StoredObject>(BatchSize);
        await foreach (var stored in store.ListAsync(prefix, cancellationToken))
        {
            batch.Add(stored);
            if (batch.Count == BatchSize)
            {
                orphans.AddRange(await FindOrphansAsync(batch, staleBefore, cancellationToken));
                batch.Clear();
            }
        }
        orphans.AddRange(await FindOrphansAsync(batch, staleBefore, cancellationToken));

        // Deleted after listing, so the listing's markers never shift under it.
        foreach (var key in orphans)
        {
            await store.DeleteAsync(key, cancellationToken);
        }
        return orphans.Count;
    }

    /// <summary>
    /// An object is kept while a ready row owns it, or an upload row that is still young (its bytes may
    /// land a moment before the row turns ready).
    /// </summary>
    private async Task<IEnumerable<string>> FindOrphansAsync(List<StoredObject> objects, DateTimeOffset staleBefore, CancellationToken cancellationToken)
    {
        if (objects.Count == 0)
        {
            return [];
        }

        var ids = objects.Select(o => IdOf(o.Key)).OfType<Guid>().Distinct().ToList();
        var owners = await db.Files.IgnoreQueryFilters().AsNoTracking()
            .Where(f => ids.Contains(f.Id))
            .Select(f => new { f.ObjectKey, f.Status, f.CreatedAt })
            .ToListAsync(cancellationToken);
        var kept = owners
            .Where(f => f.Status == FileStatus.Ready || f.CreatedAt >= staleBefore)
            .Select(f => f.ObjectKey)
            .ToHashSet(StringComparer.Ordinal);
        return objects.Select(o => o.Key).Where(key => !kept.Contains(key)).ToList();
    }

    private static Guid? IdOf(string key)
    {
        var slash = key.LastIndexOf('/');
        return Guid.TryParse(key.AsSpan(slash + 1), out var id) ? id : null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "File sweep removed {Rows} abandoned upload(s) and {Objects} orphan object(s)")]
    private static partial void LogSwept(ILogger logger, int rows, int objects);
}
