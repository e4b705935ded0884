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

    /// <summary>The storage address browsers reach, when it differs from the services' (presigned URLs are signed for it).</summary>
    public Uri? PublicEndpoint { get; set; }
}
