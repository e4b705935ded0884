using System.ComponentModel.DataAnnotations;
using Platform.Core.Files;

namespace Platform.Api.Files;

/// <summary>A file as the API shows it. <c>sha256</c> is null until the upload is complete.</summary>
public sealed record FileMetadataResponse(
    Guid Id, string Name, string ContentType, long Size, string? Sha256, FileStatus Status, DateTimeOffset CreatedAt, string CreatedBy)
{
    public static FileMetadataResponse From(FileItem file) => new(
        file.Id, file.Name, file.ContentType, file.Size, file.Sha256, file.Status, file.CreatedAt, file.CreatedBy);
}

public sealed record FileListResponse(IReadOnlyList<FileMetadataResponse> Items, string? NextCursor);

/// <summary>The body of <c>POST /api/files/uploads</c>; <c>size</c>, when given, is checked against the limit up front.</summary>
public sealed record CreateUploadRequest(
    [property: MaxLength(1000)] string? Name = null,
    [property: MaxLength(FileItemConfiguration.ContentTypeMaxLength)] string? ContentType = null,
    long? Size = null);

/// <summary>PUT the bytes to <c>uploadUrl</c> before <c>expiresAt</c>, then <c>POST /api/files/{fileId}/complete</c>.</summary>
public sealed record DirectUploadResponse(Guid FileId, Uri UploadUrl, DateTimeOffset ExpiresAt);

/// <summary>A URL that downloads the file without credentials until <c>expiresAt</c>.</summary>
public sealed record DownloadUrlResponse(Uri Url, DateTimeOffset ExpiresAt);
