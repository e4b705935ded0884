using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Platform.Api.Authorization;
using Platform.Api.Http;
using Platform.Core.Files;
using Platform.Core.Storage;
using Platform.Core.Paging;

namespace Platform.Api.Files;

public static class FileEndpoints
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    public static IEndpointRouteBuilder MapFileApi(this IEndpointRouteBuilder app)
    {
        var files = app.MapGroup("/api/files").WithTags("Files")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        // Uploads and downloads stream for as long as the bytes take: no request timeout, no Kestrel body
        // limit (Storage:MaxUploadBytes is enforced while streaming), no form binding.
        files.MapPost("/", UploadAsync).WithName("UploadFile").RequireAuthorization(Permissions.FilesWrite)
            .AcceptsMultipartFile()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .DisableAntiforgery().WithMetadata(new Microsoft.AspNetCore.Mvc.DisableRequestSizeLimitAttribute()).DisableRequestTimeout()
            .WithSummary("Upload a file (multipart field 'file'), streamed to storage; 413 beyond Storage:MaxUploadBytes.");
        files.MapPost("/uploads", CreateUploadAsync).WithName("CreateFileUpload").RequireAuthorization(Permissions.FilesWrite)
            .Accepts<CreateUploadRequest>("application/json")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithSummary("Start a direct upload: PUT the bytes to the presigned uploadUrl, then POST .../complete.");
        files.MapPost("/{id:guid}/complete", CompleteAsync).WithName("CompleteFileUpload").RequireAuthorization(Permissions.FilesWrite)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .DisableRequestTimeout()
            .WithSummary("Check a direct upload's object and mark the file ready; 409 when nothing was uploaded.");
        files.MapGet("/", ListAsync).WithName("ListFiles").RequireAuthorization(Permissions.FilesRead)
            .WithSummary("List the ready files of the caller's tenant, newest first (keyset pagination).");
        files.MapGet("/{id:guid}", GetAsync).WithName("GetFile").RequireAuthorization(Permissions.FilesRead)
            .WithSummary("Get one file's metadata.");
        files.MapGet("/{id:guid}/content", GetContentAsync).WithName("GetFileContent").RequireAuthorization(Permissions.FilesRead)
            .ProducesBinary(StatusCodes.Status200OK, "The whole file.", "application/octet-stream")
            .ProducesBinary(StatusCodes.Status206PartialContent, "The requested range (Content-Range).", "application/octet-stream")
            .ProducesEmpty(StatusCodes.Status304NotModified, "If-None-Match matched the ETag.")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesEmpty(StatusCodes.Status416RangeNotSatisfiable, "The range starts past the end (Content-Range: bytes */size).")
            .DisableRequestTimeout()
            .WithSummary("Download the bytes (Range, If-None-Match); always as an attachment.");
        files.MapGet("/{id:guid}/download-url", GetDownloadUrlAsync).WithName("GetFileDownloadUrl").RequireAuthorization(Permissions.FilesRead)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("A presigned URL that downloads the file without credentials for a few minutes.");
        files.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteFile").RequireAuthorization(Permissions.FilesWrite)
            .WithSummary("Delete the file and its stored bytes.");
        return app;
    }

    private static async Task<Results<Created<FileMetadataResponse>, ValidationProblem, ProblemHttpResult>> UploadAsync(
        HttpContext http, FileService service, IOptions<StorageOptions> storage, CancellationToken cancellationToken)
    {
        if (!MultipartUpload.IsMultipart(http.Request))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [MultipartUpload.ContentTypeField] = ["The body must be multipart/form-data with a part named 'file'."],
            });
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = null;
        }
        // A declared length far past the limit is refused before a byte is read (multipart framing is small).
        if (http.Request.ContentLength > storage.Value.MaxUploadBytes + 64 * 1024)
        {
            return TooLarge(storage.Value.MaxUploadBytes);
        }

        var (part, error) = await MultipartUpload.FindAsync(http.Request, MultipartUpload.FileField, cancellationToken);
        if (part is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [error!.Value.Key] = [error.Value.Value] });
        }

        var (outcome, file) = await service.UploadAsync(part.FileName, part.ContentType, part.Body, cancellationToken);
        if (outcome == FileOutcome.TooLarge)
        {
            return TooLarge(storage.Value.MaxUploadBytes);
        }

        http.Response.Headers.ETag = FileContentHeaders.ETagFor(file!.Sha256!);
        return TypedResults.Created($"/api/files/{file.Id}", FileMetadataResponse.From(file));
    }

    private static async Task<Results<Created<DirectUploadResponse>, ValidationProblem, ProblemHttpResult>> CreateUploadAsync(
        HttpContext http, FileService service, IOptions<StorageOptions> storage, CancellationToken cancellationToken)
    {
        using var body = await JsonBody.ReadAsync(http.Request, cancellationToken);
        string? name = null;
        string? contentType = null;
        long? size = null;
        if (body.IsValid)
        {
            body.TryString("name", nullable: true, 0, 1000, out name);
            body.TryString("contentType", nullable: true, 0, 255, out contentType);
            body.TryInt64("size", 0, long.MaxValue, out size);
        }
        if (!body.IsValid)
        {
            return TypedResults.ValidationProblem(body.Errors);
        }

        var (outcome, upload) = await service.CreateDirectUploadAsync(name, contentType, size, cancellationToken);
        if (outcome == FileOutcome.TooLarge)
        {
            return TooLarge(storage.Value.MaxUploadBytes);
        }
        return TypedResults.Created($"/api/files/{upload!.File.Id}",
            new DirectUploadResponse(upload.File.Id, upload.UploadUrl, upload.ExpiresAt));
    }

    private static async Task<Results<Ok<FileMetadataResponse>, NotFound, ForbidHttpResult, ProblemHttpResult>> CompleteAsync(
        Guid id, HttpContext http, FileService service, IOptions<StorageOptions> storage, CancellationToken cancellationToken)
    {
        var (outcome, file) = await service.CompleteAsync(id, cancellationToken);
        switch (outcome)
        {
            case FileOutcome.Done:
                http.Response.Headers.ETag = FileContentHeaders.ETagFor(file!.Sha256!);
                return TypedResults.Ok(FileMetadataResponse.From(file));
            case FileOutcome.Forbidden:
                return TypedResults.Forbid();
            case FileOutcome.NotUploaded:
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Nothing was uploaded.",
                    detail: "PUT the file's bytes to its uploadUrl before completing it.");
            case FileOutcome.TooLarge:
                return TooLarge(storage.Value.MaxUploadBytes);
            default:
                return TypedResults.NotFound();
        }
    }

    private static async Task<Results<Ok<FileListResponse>, ValidationProblem>> ListAsync(
        string? limit, string? cursor, FileService service, ListCursor cursors, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var pageSize = DefaultLimit;
        if (limit is not null
            && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxLimit))
        {
            errors["limit"] = [$"'limit' must be an integer from 1 to {MaxLimit}."];
        }

        ListPosition? after = null;
        var scope = service.CursorScope();
        if (cursor is not null)
        {
            if (cursors.TryDecode(cursor, scope, out var position))
            {
                after = position;
            }
            else
            {
                errors["cursor"] = ["'cursor' is not a cursor this list issued."];
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var page = await service.ListAsync(new FileListQuery(pageSize, after), cancellationToken);
        return TypedResults.Ok(new FileListResponse(
            [.. page.Items.Select(FileMetadataResponse.From)],
            page.Next is { } next ? cursors.Encode(next, scope) : null));
    }

    private static async Task<Results<Ok<FileMetadataResponse>, NotFound>> GetAsync(
        Guid id, HttpContext http, FileService service, CancellationToken cancellationToken)
    {
        var file = await service.FindAsync(id, cancellationToken);
        if (file is null)
        {
            return TypedResults.NotFound();
        }
        if (file.Sha256 is { } sha256)
        {
            http.Response.Headers.ETag = FileContentHeaders.ETagFor(sha256);
        }
        return TypedResults.Ok(FileMetadataResponse.From(file));
    }

    private static async Task<Results<ObjectContentResult, NotFound, ProblemHttpResult, StatusCodeHttpResult>> GetContentAsync(
        Guid id, HttpContext http, FileService service, CancellationToken cancellationToken)
    {
        var file = await service.FindAsync(id, cancellationToken);
        if (file is null)
        {
            return TypedResults.NotFound();
        }
        if (file.Status != FileStatus.Ready)
        {
            return NotUploadedYet();
        }

        var etag = FileContentHeaders.ETagFor(file.Sha256!);
        var headers = http.Response.Headers;
        headers.ETag = etag;
        headers.CacheControl = "private, no-cache";
        headers.AcceptRanges = "bytes";
        headers.XContentTypeOptions = "nosniff";
        if (FileContentHeaders.IfNoneMatchHits(http.Request, etag))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        var (kind, range) = FileContentHeaders.IfRangeAllows(http.Request, etag)
            ? ByteRanges.Resolve(http.Request.Headers.Range.ToString(), file.Size)
            : (RangeKind.Whole, new ByteRange(0, file.Size));
        if (kind == RangeKind.Unsatisfiable)
        {
            headers.ContentRange = FileContentHeaders.Unsatisfied(file.Size);
            return TypedResults.StatusCode(StatusCodes.Status416RangeNotSatisfiable);
        }

        Stream content;
        try
        {
            content = await service.OpenContentAsync(file, range.Offset, range.Length, cancellationToken);
        }
        catch (StoredObjectNotFoundException)
        {
            return TypedResults.NotFound();
        }

        headers.ContentType = FileContentTypes.ForDownload(file.ContentType);
        headers.ContentDisposition = ContentDispositions.Attachment(file.Name);
        if (kind == RangeKind.Partial)
        {
            headers.ContentRange = FileContentHeaders.ContentRange(range, file.Size);
            return new ObjectContentResult(content, StatusCodes.Status206PartialContent, range.Length);
        }
        return new ObjectContentResult(content, StatusCodes.Status200OK, file.Size);
    }

    private static async Task<Results<Ok<DownloadUrlResponse>, NotFound, ProblemHttpResult>> GetDownloadUrlAsync(
        Guid id, FileService service, CancellationToken cancellationToken)
    {
        var file = await service.FindAsync(id, cancellationToken);
        if (file is null)
        {
            return TypedResults.NotFound();
        }
        if (file.Status != FileStatus.Ready)
        {
            return NotUploadedYet();
        }

        var download = await service.CreateDownloadUrlAsync(file, cancellationToken);
        return TypedResults.Ok(new DownloadUrlResponse(download.Url, download.ExpiresAt));
    }

    private static async Task<Results<NoContent, NotFound, ForbidHttpResult>> DeleteAsync(
        Guid id, FileService service, CancellationToken cancellationToken)
    {
        return await service.DeleteAsync(id, cancellationToken) switch
        {
            FileOutcome.Done => TypedResults.NoContent(),
            FileOutcome.Forbidden => TypedResults.Forbid(),
            _ => TypedResults.NotFound(),
        };
    }

    private static ProblemHttpResult TooLarge(long maxBytes) =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The file is too large.",
            detail: string.Create(CultureInfo.InvariantCulture, $"Files may be at most {maxBytes} bytes."));

    private static ProblemHttpResult NotUploadedYet() =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The file is not uploaded yet.",
            detail: "Its upload has not completed.");
}
