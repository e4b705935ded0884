using System.ComponentModel.DataAnnotations;

namespace Platform.Web;

/// <summary>Settings of the web app (section <c>Web</c>).</summary>
public sealed class WebOptions
{
    public const string Section = "Web";

    /// <summary>Largest file the upload form accepts; shown before upload. Should match the API's Storage:MaxUploadBytes.</summary>
    [Range(1, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>Rows per page on list pages.</summary>
    [Range(1, 100)]
    public int PageSize { get; set; } = 20;
}
