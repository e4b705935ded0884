using System.ComponentModel.DataAnnotations;

namespace Platform.Core.Files;

/// <summary>Section <c>Files</c>. Size limits live in <see cref="Storage.StorageOptions"/>.</summary>
public sealed class FilesOptions
{
    public const string SectionName = "Files";

    /// <summary>How long a presigned download URL works.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan DownloadUrlLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a presigned upload URL works; kept below <see cref="StaleUploadAge"/> so the sweep never races it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan UploadUrlLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A row still <c>uploading</c> after this long is abandoned: the sweep removes it and its object.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan StaleUploadAge { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the API runs the orphan sweep (until the jobs issue gives it a job type); zero turns it off.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(15);
}
