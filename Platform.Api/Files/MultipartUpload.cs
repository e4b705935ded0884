using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Platform.Core.IO;
using Platform.ServiceDefaults.Problems;

namespace Platform.Api.Files;

/// <summary>The uploaded part of a multipart request: its body is the live request stream, read once.</summary>
internal sealed record UploadedPart(Stream Body, string? FileName, string? ContentType);

/// <summary>
/// Finds a multipart field with <see cref="MultipartReader"/> straight off the request body (the form is never
/// bound or buffered): parts before it are skipped up to a small budget, the part itself is handed over unread.
/// </summary>
internal static class MultipartUpload
{
    public const string FileField = "file";
    public const string ContentTypeField = "Content-Type";
    private const int MaxBoundaryLength = 70;
    private const int MaxSkippedBytes = 64 * 1024;
    private const int ReadBufferSize = 64 * 1024;
    private const string Malformed = "The multipart body is malformed.";

    public static bool IsMultipart(HttpRequest request) =>
        request.ContentType is { } contentType
        && contentType.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase);

    /// <summary>The named part, or an error message keyed by the field it concerns.</summary>
    public static async Task<(UploadedPart? Part, KeyValuePair<string, string>? Error)> FindAsync(
        HttpRequest request, string field, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 and <= MaxBoundaryLength } boundary)
        {
            return (null, new(ContentTypeField, "The body must be multipart/form-data with a boundary."));
        }

        // 64 KiB instead of the default 4 KiB: the part's bytes are copied out in that many bytes per read.
        var reader = new MultipartReader(boundary, request.Body, ReadBufferSize) { HeadersCountLimit = 16, HeadersLengthLimit = 16 * 1024 };
        var skipped = 0L;
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    && disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase)
                    && string.Equals(HeaderUtilities.RemoveQuotes(disposition.Name).Value, field, StringComparison.Ordinal))
                {
                    var fileName = disposition.FileNameStar.HasValue
                        ? disposition.FileNameStar.Value
                        : HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
                    return (new UploadedPart(new PartStream(section.Body), fileName, section.ContentType), null);
                }

                skipped += await DrainAsync(section.Body, MaxSkippedBytes - skipped + 1, cancellationToken);
                if (skipped > MaxSkippedBytes)
                {
                    return (null, new(field, $"Parts before '{field}' may hold at most {MaxSkippedBytes} bytes."));
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException && !cancellationToken.IsCancellationRequested)
        {
            // InvalidDataException: bad headers or boundary; IOException: the body ended before the closing boundary.
            return (null, new(field, Malformed));
        }

        return (null, new(field, $"A multipart part named '{field}' is required."));
    }

    private static async Task<long> DrainAsync(Stream body, long budget, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        long total = 0;
        int read;
        while (total < budget && (read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
        }
        return total;
    }

    /// <summary>
    /// The part's body as it is read by whoever stores it: the multipart reader's "Unexpected end of Stream" (a part
    /// that ends without its closing boundary) becomes a <see cref="MalformedBodyException"/>, which answers 400.
    /// </summary>
    private sealed class PartStream(Stream inner) : ReadOnlyStream
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            try
            {
                return await inner.ReadAsync(buffer, cancellationToken);
            }
            catch (IOException e) when (e is not MalformedBodyException && !cancellationToken.IsCancellationRequested)
            {
                throw new MalformedBodyException(Malformed, e);
            }
        }

        public override int Read(Span<byte> buffer)
        {
            try
            {
                return inner.Read(buffer);
            }
            catch (IOException e) when (e is not MalformedBodyException)
            {
                throw new MalformedBodyException(Malformed, e);
            }
        }
    }
}
