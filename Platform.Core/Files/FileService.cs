using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Core.Data;
using Platform.Core.Storage;
using Platform.Core.Paging;
using Platform.Core.Tenancy;

namespace Platform.Core.Files;

public sealed record FileListQuery(int Limit, ListPosition? After);

public sealed record FilePage(IReadOnlyList<FileItem> Items, ListPosition? Next);

public sealed record DirectUpload(FileItem File, Uri UploadUrl, DateTimeOffset ExpiresAt);

public sealed record FileDownloadUrl(Uri Url, DateTimeOffset ExpiresAt);

public enum FileOutcome
{
    Done,
    NotFound,
    Forbidden,
    /// <summary>The bytes are not there (yet): a direct upload that never happened, or a file still uploading.</summary>
    NotUploaded,
    TooLarge,
}

/// <summary>
/// Files of the current tenant: a row in <c>files</c> (scoped by <see cref="PlatformDbContext"/>'s tenant filter)
/// and an object under <c>{tenant}/{id}</c>. The row is written <c>uploading</c> before any byte is stored and
/// becomes <c>ready</c> only once the object is complete, so a failure at any point leaves something the
/// <see cref="FileSweeper"/> recognises as abandoned.
/// </summary>
public sealed partial class FileService(
    PlatformDbContext db,
    TenantContext tenant,
    IObjectStore store,
    IOptions<StorageOptions> storageOptions,
    IOptions<FilesOptions> filesOptions,
    TimeProvider time,
    ILogger<FileService> logger)
{
    private long MaxUploadBytes => storageOptions.Value.MaxUploadBytes;

    /// <summary>Streams <paramref name="content"/> to storage while hashing and counting it; nothing is buffered whole.</summary>
    public async Task<(FileOutcome Outcome, FileItem? File)> UploadAsync(
        string? name, string? contentType, Stream content, CancellationToken cancellationToken)
    {
        var file = await AddUploadingRowAsync(name, contentType, cancellationToken);
        using var upload = new UploadStream(content, MaxUploadBytes);
        try
        {
            await store.PutAsync(file.ObjectKey, upload, file.ContentType, cancellationToken);
        }
        catch (Exception) when (upload.LimitExceeded)
        {
            await DiscardAsync(file);
            return (FileOutcome.TooLarge, null);
        }
        catch (Exception e)
        {
            // Storage down, client gone: no half-written row stays behind (and the sweep catches what this misses).
            // With storage down there is no object to remove, and trying would only wait out the retries again.
            await DiscardAsync(file, removeObject: e is not StorageUnavailableException);
            throw;
        }

        file.Size = upload.BytesRead;
        file.Sha256 = upload.HashHex();
        file.Status = FileStatus.Ready;
        await MarkReadyAsync(file, cancellationToken);
        return (FileOutcome.Done, file);
    }

    /// <summary>A row <c>uploading</c> and a presigned PUT for the client to send the bytes straight to storage.</summary>
    public async Task<(FileOutcome Outcome, DirectUpload? Upload)> CreateDirectUploadAsync(
        string? name, string? contentType, long? declaredSize, CancellationToken cancellationToken)
    {
        if (declaredSize > MaxUploadBytes)
        {
            return (FileOutcome.TooLarge, null);
        }

        var lifetime = filesOptions.Value.UploadUrlLifetime;
        var expiresAt = time.GetUtcNow() + lifetime;
        var file = await AddUploadingRowAsync(name, contentType, cancellationToken);
        var url = await store.PresignPutAsync(file.ObjectKey, lifetime, cancellationToken);
        return (FileOutcome.Done, new DirectUpload(file, url, expiresAt));
    }

    /// <summary>Checks the directly uploaded object (there, within the limit), hashes it and marks the file ready.</summary>
    public async Task<(FileOutcome Outcome, FileItem? File)> CompleteAsync(Guid id, CancellationToken cancellationToken)
    {
        var file = await db.Files.AsNoTracking().SingleOrDefaultAsync(f => f.Id == id, cancellationToken);
        if (file is null)
        {
            return (FileOutcome.NotFound, null);
        }
        if (!tenant.CanModify(file.CreatedBy))
        {
            return (FileOutcome.Forbidden, null);
        }
        if (file.Status == FileStatus.Ready)
        {
            return (FileOutcome.Done, file);
        }

        var stored = await store.StatAsync(file.ObjectKey, cancellationToken);
        if (stored is null)
        {
            return (FileOutcome.NotUploaded, null);
        }
        if (stored.Size > MaxUploadBytes)
        {
            await DiscardAsync(file);
            return (FileOutcome.TooLarge, null);
        }

        await using (var content = await store.GetAsync(file.ObjectKey, cancellationToken))
        {
            file.Sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(content, cancellationToken));
        }
        file.Size = stored.Size;
        file.Status = FileStatus.Ready;
        await MarkReadyAsync(file, cancellationToken);
        return (FileOutcome.Done, file);
    }

    /// <summary>Ready files, newest first.</summary>
    public async Task<FilePage> ListAsync(FileListQuery query, CancellationToken cancellationToken)
    {
        var files = db.Files.AsNoTracking().Where(f => f.Status == FileStatus.Ready);
        if (query.After is { } after)
        {
            files = files.Where(f => EF.Functions.LessThan(
                ValueTuple.Create(f.CreatedAt, f.Id), ValueTuple.Create(after.At, after.Id)));
        }

        var items = await files
            .OrderByDescending(f => f.CreatedAt).ThenByDescending(f => f.Id)
            .Take(query.Limit + 1)
            .ToListAsync(cancellationToken);

        if (items.Count <= query.Limit)
        {
            return new FilePage(items, null);
        }

        items.RemoveAt(items.Count - 1);
        var last = items[^1];
        return new FilePage(items, new ListPosition(last.CreatedAt, last.Id));
    }

    public Task<FileItem?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Files.AsNoTracking().SingleOrDefaultAsync(f => f.Id == id, cancellationToken);

    /// <summary>The file's bytes, or <paramref name="length"/> of them from <paramref name="offset"/>.</summary>
    public Task<Stream> OpenContentAsync(FileItem file, long offset, long length, CancellationToken cancellationToken) =>
        offset == 0 && length == file.Size
            ? store.GetAsync(file.ObjectKey, cancellationToken)
            : store.GetRangeAsync(file.ObjectKey, offset, length, cancellationToken);

    public async Task<FileDownloadUrl> CreateDownloadUrlAsync(FileItem file, CancellationToken cancellationToken)
    {
        var lifetime = filesOptions.Value.DownloadUrlLifetime;
        var expiresAt = time.GetUtcNow() + lifetime;
        var url = await store.PresignGetAsync(file.ObjectKey, lifetime, cancellationToken);
        return new FileDownloadUrl(url, expiresAt);
    }

    /// <summary>Removes the object first: if storage is down the file stays whole and the caller gets 503.</summary>
    public async Task<FileOutcome> DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        var file = await db.Files.AsNoTracking().SingleOrDefaultAsync(f => f.Id == id, cancellationToken);
        if (file is null)
        {
            return FileOutcome.NotFound;
        }
        if (!tenant.CanModify(file.CreatedBy))
        {
            return FileOutcome.Forbidden;
        }

        await store.DeleteAsync(file.ObjectKey, cancellationToken);
        await db.Files.Where(f => f.Id == id).ExecuteDeleteAsync(cancellationToken);
        return FileOutcome.Done;
    }

    /// <summary>The cursor scope: a cursor continues only the file list of the tenant it was issued for.</summary>
    public string CursorScope() => $"files|{tenant.TenantId}";

    public static string ObjectKeyFor(string tenantId, Guid fileId) => $"{tenantId}/{fileId:D}";

    private async Task<FileItem> AddUploadingRowAsync(string? name, string? contentType, CancellationToken cancellationToken)
    {
        if (!tenant.IsSet)
        {
            throw new InvalidOperationException("No tenant is set for this scope.");
        }

        var now = Now();
        var id = Guid.CreateVersion7(now);
        var file = new FileItem
        {
            Id = id,
            TenantId = tenant.TenantId!,
            CreatedBy = tenant.UserId!,
            Name = FileNames.ToDisplayName(name),
            ContentType = FileContentTypes.Normalize(contentType),
            ObjectKey = ObjectKeyFor(tenant.TenantId!, id),
            Status = FileStatus.Uploading,
            CreatedAt = now,
        };
        db.Files.Add(file);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return file;
    }

    private Task<int> MarkReadyAsync(FileItem file, CancellationToken cancellationToken) =>
        db.Files.Where(f => f.Id == file.Id).ExecuteUpdateAsync(set => set
            .SetProperty(f => f.Size, file.Size)
            .SetProperty(f => f.Sha256, file.Sha256)
            .SetProperty(f => f.Status, FileStatus.Ready), cancellationToken);

    /// <summary>Best effort, whatever the request's state: what fails here is left to the sweep.</summary>
    private async Task DiscardAsync(FileItem file, bool removeObject = true)
    {
        try
        {
            if (removeObject)
            {
                await store.DeleteAsync(file.ObjectKey, CancellationToken.None);
            }
        }
        catch (Exception e)
        {
            LogDiscardFailed(logger, file.Id, "object", e);
        }
        try
        {
            await db.Files.Where(f => f.Id == file.Id).ExecuteDeleteAsync(CancellationToken.None);
        }
        catch (Exception e)
        {
            LogDiscardFailed(logger, file.Id, "row", e);
        }
    }

    // PostgreSQL keeps microseconds; trimming here makes in-memory values equal what a read returns (cursors).
    private DateTimeOffset Now()
    {
        var now = time.GetUtcNow();
        return now.AddTicks(-(now.UtcTicks % 10));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not discard the {Part} of abandoned upload {FileId}; the orphan sweep will")]
    private static partial void LogDiscardFailed(ILogger logger, Guid fileId, string part, Exception exception);
}
