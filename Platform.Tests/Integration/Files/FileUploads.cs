using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Platform.Core.IO;
using Platform.Tests.Integration.Auth;

namespace Platform.Tests.Integration.Files;

/// <summary>Client-side helpers: multipart uploads from streams (never whole arrays) and hashing downloads.</summary>
public static class FileUploads
{
    public static HttpContent Multipart(Stream content, string? fileName, string contentType = "application/octet-stream")
    {
        var part = new StreamContent(content);
        part.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var disposition = new ContentDispositionHeaderValue("form-data") { Name = "\"file\"" };
        if (fileName is not null)
        {
            // filename* (RFC 5987) carries any character, CR and LF included, the way a hostile client would.
            disposition.FileNameStar = fileName;
        }
        part.Headers.ContentDisposition = disposition;
        var multipart = new MultipartFormDataContent("platform-test-boundary") { part };
        return multipart;
    }

    public static async Task<HttpResponseMessage> PostFileAsync(this HttpClient api, Stream content, string? fileName = "data.bin",
        string contentType = "application/octet-stream")
    {
        using var body = Multipart(content, fileName, contentType);
        return await api.PostAsync(new Uri("/api/files", UriKind.Relative), body);
    }

    public static async Task<JsonElement> UploadAsync(this HttpClient api, byte[] content, string? fileName = "data.bin",
        string contentType = "application/octet-stream")
    {
        using var response = await api.PostFileAsync(new MemoryStream(content), fileName, contentType);
        return await HttpAssertions.ReadAsync<JsonElement>(response, HttpStatusCode.Created);
    }

    public static Uri Url(string path) => new(path, UriKind.Relative);

    public static async Task<HttpResponseMessage> GetContentAsync(this HttpClient api, Guid id, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Url($"/api/files/{id}/content"));
        configure?.Invoke(request);
        return await api.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    public static async Task<string> Sha256HexAsync(Stream stream) =>
        Convert.ToHexStringLower(await SHA256.HashDataAsync(stream));

    public static string Sha256Hex(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    public static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }
}

/// <summary>
/// <see cref="Length"/> deterministic pseudo-random bytes generated as they are read: a 64 MiB upload without
/// a 64 MiB array. Not seekable, length unknown to the client, as a browser's stream is.
/// </summary>
public sealed class GeneratedStream(long length, int seed = 7) : ReadOnlyStream
{
    private readonly Random _random = new(seed);
    private long _position;

    /// <summary>Throw after this many bytes, as a client whose connection drops.</summary>
    public long? FailAfter { get; init; }

    public override int Read(Span<byte> buffer)
    {
        if (FailAfter is { } failAfter && _position >= failAfter)
        {
            throw new IOException("The client went away.");
        }
        var count = (int)Math.Min(buffer.Length, length - _position);
        if (FailAfter is { } limit)
        {
            count = (int)Math.Min(count, limit - _position);
        }
        _random.NextBytes(buffer[..count]);
        _position += count;
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public static async Task<string> Sha256HexAsync(long length, int seed = 7) =>
        await FileUploads.Sha256HexAsync(new GeneratedStream(length, seed));
}
