using System.Globalization;

namespace Platform.Api.Http;

/// <summary>The <c>If-Match</c> header of a write to a versioned resource (tasks, jobs: ETag <c>"version"</c>).</summary>
public static class IfMatch
{
    /// <summary>
    /// The version an <c>If-Match</c> header asks for: null when absent or <c>*</c>; -1 when it names nothing this
    /// API issued (which can never match, so the write answers 412).
    /// </summary>
    public static int? ExpectedVersion(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header) || header.Trim() == "*")
        {
            return null;
        }

        foreach (var candidate in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var tag = candidate.StartsWith("W/", StringComparison.Ordinal) ? candidate[2..] : candidate;
            if (tag.Length > 2 && tag[0] == '"' && tag[^1] == '"'
                && int.TryParse(tag.AsSpan(1, tag.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                return version;
            }
        }

        return -1;
    }
}
