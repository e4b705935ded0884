using System.ComponentModel.DataAnnotations;

namespace Platform.Core.Storage;

/// <summary>Section <c>Storage</c>; the server itself comes from <c>ConnectionStrings:storage</c>.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>The one bucket the platform uses; created at start when missing.</summary>
    [Required]
    [RegularExpression("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", ErrorMessage = "Storage:Bucket must be a valid S3 bucket name.")]
    public string Bucket { get; set; } = "platform";

    /// <summary>Largest upload accepted; anything bigger is refused with 413 as soon as it is exceeded.</summary>
    [Range(typeof(long), "1", "9223372036854775807")]
    public long MaxUploadBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>
    /// Size of one multipart-upload part, and of the buffers uploads are read into: an upload up to this size is
    /// one PUT. S3 wants at least 5 MiB per part (all but the last) and at most 10,000 parts per object.
    /// </summary>
    [Range(5 * 1024 * 1024, 512 * 1024 * 1024)]
    public int UploadPartSize { get; set; } = 8 * 1024 * 1024;

    /// <summary>
    /// Part buffers kept for all uploads of the process together (memory ≈ this × UploadPartSize). Each upload
    /// uses one, and up to three while free ones let it read the next part as earlier parts are sent.
    /// </summary>
    [Range(1, 1024)]
    public int UploadBuffers { get; set; } = 4;

    /// <summary>The storage address browsers reach, when it differs from the services' (presigned URLs are signed for it).</summary>
    public Uri? PublicEndpoint { get; set; }
}
