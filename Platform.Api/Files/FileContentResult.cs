using System.Globalization;
using Microsoft.Net.Http.Headers;

namespace Platform.Api.Files;

/// <summary>Streams a stored object to the response (200 or 206), copying as it reads; disposes the source.</summary>
internal sealed class ObjectContentResult(Stream content, int statusCode, long length) : IResult, IStatusCodeHttpResult
{
    public int? StatusCode => statusCode;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        await using (content)
        {
            var response = httpContext.Response;
            response.StatusCode = statusCode;
            response.ContentLength = length;
            if (HttpMethods.IsHead(httpContext.Request.Method))
            {
                return;
            }
            await content.CopyToAsync(response.Body, 81920, httpContext.RequestAborted);
        }
    }
}

/// <summary>The headers of a file download: caching by content hash, ranges, safe type and disposition.</summary>
internal static class FileContentHeaders
{
    public static string ETagFor(string sha256) => $"\"{sha256}\"";

    public static bool IfNoneMatchHits(HttpRequest request, string etag)
    {
        foreach (var value in request.Headers.IfNoneMatch)
        {
            if (value is null)
            {
                continue;
            }
            foreach (var candidate in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var tag = candidate.StartsWith("W/", StringComparison.Ordinal) ? candidate[2..] : candidate;
                if (tag == "*" || string.Equals(tag, etag, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>If-Range with another validator than the current ETag asks for the whole (changed) file.</summary>
    public static bool IfRangeAllows(HttpRequest request, string etag)
    {
        var ifRange = request.Headers[HeaderNames.IfRange].ToString();
        return string.IsNullOrEmpty(ifRange) || string.Equals(ifRange.Trim(), etag, StringComparison.Ordinal);
    }

    public static string ContentRange(ByteRange range, long size) =>
        string.Create(CultureInfo.InvariantCulture, $"bytes {range.Offset}-{range.Last}/{size}");

    public static string Unsatisfied(long size) => string.Create(CultureInfo.InvariantCulture, $"bytes */{size}");
}
