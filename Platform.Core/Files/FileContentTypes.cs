using Microsoft.Net.Http.Headers;

namespace Platform.Core.Files;

/// <summary>
/// What a stored file is labelled as. The declared type is kept (normalized) for display; downloads serve only
/// passive types as themselves and anything that a browser could run (HTML, SVG, XML, JavaScript...) as bytes.
/// </summary>
public static class FileContentTypes
{
    public const string OctetStream = "application/octet-stream";

    private static readonly HashSet<string> Passive = new(StringComparer.Ordinal)
    {
        "text/plain", "text/csv", "application/json", "application/pdf", "application/zip", "application/gzip",
        "image/png", "image/jpeg", "image/gif", "image/webp", "image/avif", "image/bmp",
        "audio/mpeg", "audio/ogg", "audio/wav", "audio/webm", "video/mp4", "video/webm", "video/ogg",
    };

    /// <summary><c>type/subtype</c> in lower case without parameters, or octet-stream when the header is not a media type.</summary>
    public static string Normalize(string? declared)
    {
        if (string.IsNullOrWhiteSpace(declared) || !MediaTypeHeaderValue.TryParse(declared, out var parsed)
            || parsed.MediaType.Length is 0 or > FileItemConfiguration.ContentTypeMaxLength
            || parsed.MatchesAllTypes || parsed.MatchesAllSubTypes)
        {
            return OctetStream;
        }

        var mediaType = parsed.MediaType.Value!.ToLowerInvariant();
        return mediaType.All(c => c is > ' ' and < (char)127) ? mediaType : OctetStream;
    }

    /// <summary>The Content-Type a download is served with.</summary>
    public static string ForDownload(string stored) => Passive.Contains(stored) ? stored : OctetStream;
}
