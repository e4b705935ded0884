using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security;
using System.Text;
using System.Xml.Linq;
using Microsoft.Extensions.Logging;
using Platform.ServiceDefaults.Storage;

namespace Platform.Core.Storage;

/// <summary>
/// Puts a stream of unknown length into S3 with bounded memory and both directions busy: what fits one part is
/// one PUT; anything longer is a multipart upload of fixed-size parts where the next part is read from the
/// client while earlier ones are being sent (at most <see cref="MaxBuffersPerUpload"/> parts held at once). Any failure (the stream throws
/// because the client left or the upload passed its limit, storage fails, cancellation) aborts the multipart
/// upload, so no object appears.
/// </summary>
internal sealed partial class S3StreamUploader(
    HttpClient http, S3RequestSigner signer, UploadBufferPool buffers, TimeProvider time, ILogger logger)
{
    public const int MaxBuffersPerUpload = 3;
    private static readonly TimeSpan AbortTimeout = TimeSpan.FromSeconds(10);

    public async Task<StoredObject> PutAsync(string bucket, string key, Stream content, string contentType, CancellationToken cancellationToken)
    {
        var first = await buffers.RentAsync(cancellationToken);
        int filled;
        try
        {
            filled = await ReadPartAsync(content, first.Array, cancellationToken);
            if (filled < first.Array.Length)
            {
                var etag = await PutObjectAsync(bucket, key, first.Array.AsMemory(0, filled), contentType, cancellationToken);
                return new StoredObject(key, filled, etag, time.GetUtcNow(), contentType);
            }
        }
        catch
        {
            buffers.Return(first);
            throw;
        }
        return await PutMultipartAsync(bucket, key, content, contentType, first, cancellationToken);
    }

    private async Task<StoredObject> PutMultipartAsync(
        string bucket, string key, Stream content, string contentType, UploadBuffer first, CancellationToken cancellationToken)
    {
        string uploadId;
        try
        {
            uploadId = await InitiateAsync(bucket, key, contentType, cancellationToken);
        }
        catch
        {
            buffers.Return(first);
            throw;
        }

        // Parts being sent, oldest first; each owns its buffer until its send has finished.
        var sending = new Queue<(Task<string> Send, int Number, UploadBuffer Buffer)>();
        var etags = new List<(int Number, string ETag)>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        UploadBuffer? filling = first;
        var (filled, number, size) = (first.Array.Length, 1, 0L);
        try
        {
            while (filling is not null)
            {
                var buffer = filling;
                filling = null;
                size += filled;
                sending.Enqueue((UploadPartAsync(bucket, key, uploadId, number, buffer.Array.AsMemory(0, filled), stop.Token), number, buffer));
                if (filled < buffer.Array.Length)
                {
                    break;
                }

                if (sending.Count >= MaxBuffersPerUpload || !buffers.TryRent(out filling))
                {
                    filling = await FinishOldestAsync(sending, etags);
                }
                filled = await ReadPartAsync(content, filling!.Array, cancellationToken);
                if (filled == 0)
                {
                    buffers.Return(filling);
                    filling = null;
                }
                number++;
            }

            while (sending.Count > 0)
            {
                buffers.Return(await FinishOldestAsync(sending, etags));
            }
            var etag = await CompleteAsync(bucket, key, uploadId, etags, size, cancellationToken);
            return new StoredObject(key, size, etag, time.GetUtcNow(), contentType);
        }
        catch (Exception e)
        {
            if (filling is not null)
            {
                buffers.Return(filling);
            }
            await stop.CancelAsync();
            foreach (var (send, _, buffer) in sending)
            {
                // A buffer goes back only once nothing reads it any more.
                await Task.WhenAny(send);
                buffers.Return(buffer);
            }
            if (!IsUnreachable(e, cancellationToken))
            {
                await AbortAsync(bucket, key, uploadId);
            }
            throw;
        }
    }

    /// <summary>Waits for the oldest part's send and hands back its buffer (to the pool, when the send failed).</summary>
    private async Task<UploadBuffer> FinishOldestAsync(Queue<(Task<string> Send, int Number, UploadBuffer Buffer)> sending, List<(int Number, string ETag)> etags)
    {
        var (send, number, buffer) = sending.Dequeue();
        try
        {
            etags.Add((number, await send));
            return buffer;
        }
        catch
        {
            buffers.Return(buffer);
            throw;
        }
    }

    // Storage that cannot be reached will not take an abort either; trying would only wait out the timeouts again.
    private static bool IsUnreachable(Exception e, CancellationToken cancellationToken) => e switch
    {
        HttpRequestException { StatusCode: null } => true,
        Polly.ExecutionRejectedException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    private async Task<string> PutObjectAsync(string bucket, string key, ReadOnlyMemory<byte> bytes, string contentType, CancellationToken cancellationToken)
    {
        using var request = signer.Create(HttpMethod.Put, bucket, key);
        request.Content = new ReadOnlyMemoryContent(bytes);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await SendAsync(request, "PUT", cancellationToken);
        return ETagOf(response);
    }

    private async Task<string> InitiateAsync(string bucket, string key, string contentType, CancellationToken cancellationToken)
    {
        using var request = signer.Create(HttpMethod.Post, bucket, key, ("uploads", ""));
        request.Content = new ByteArrayContent([]);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await SendAsync(request, "initiate multipart upload", cancellationToken);
        var document = await ReadXmlAsync(response, cancellationToken);
        return Element(document, "UploadId") ?? throw new InvalidOperationException($"Storage started no multipart upload for '{key}'.");
    }

    private async Task<string> UploadPartAsync(string bucket, string key, string uploadId, int number, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await Task.Yield();
        using var request = signer.Create(HttpMethod.Put, bucket, key,
            ("partNumber", number.ToString(CultureInfo.InvariantCulture)), ("uploadId", uploadId));
        request.Content = new ReadOnlyMemoryContent(bytes);
        using var response = await SendAsync(request, "upload part", cancellationToken);
        return ETagOf(response);
    }

    private async Task<string> CompleteAsync(string bucket, string key, string uploadId, List<(int Number, string ETag)> parts, long size, CancellationToken cancellationToken)
    {
        var body = new StringBuilder("<CompleteMultipartUpload>");
        foreach (var (number, etag) in parts.OrderBy(p => p.Number))
        {
            body.Append(CultureInfo.InvariantCulture, $"<Part><PartNumber>{number}</PartNumber><ETag>\"{SecurityElement.Escape(etag)}\"</ETag></Part>");
        }
        body.Append("</CompleteMultipartUpload>");

        using var request = signer.Create(HttpMethod.Post, bucket, key, ("uploadId", uploadId));
        request.Content = new StringContent(body.ToString(), Encoding.UTF8, "application/xml");
        // The server assembles the object now (s3rver copies every byte again): give it the time that takes.
        request.Options.Set(StorageResilience.TransferBytes, size);
        using var response = await SendAsync(request, "complete multipart upload", cancellationToken);
        // S3 may answer 200 and report the failure in the body.
        var document = await ReadXmlAsync(response, cancellationToken);
        if (document.Root?.Name.LocalName == "Error")
        {
            throw Failure(HttpStatusCode.InternalServerError, "complete multipart upload", Element(document, "Code"), Element(document, "Message"));
        }
        return Element(document, "ETag")?.Trim('"') ?? "";
    }

    /// <summary>Best effort and bounded: the upload has failed already.</summary>
    private async Task AbortAsync(string bucket, string key, string uploadId)
    {
        try
        {
            using var timeout = new CancellationTokenSource(AbortTimeout);
            using var request = signer.Create(HttpMethod.Delete, bucket, key, ("uploadId", uploadId));
            using var response = await SendAsync(request, "abort multipart upload", timeout.Token);
        }
        catch (Exception e)
        {
            LogAbortFailed(logger, key, uploadId, e);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string operation, CancellationToken cancellationToken)
    {
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            XDocument? error = null;
            try
            {
                error = text.Length > 0 ? XDocument.Parse(text) : null;
            }
            catch (System.Xml.XmlException)
            {
            }
            throw Failure(response.StatusCode, operation, error is null ? null : Element(error, "Code"), error is null ? text : Element(error, "Message"));
        }
    }

    // 5xx is "storage unavailable" to the store's guard; anything else is a request this code got wrong.
    private static Exception Failure(HttpStatusCode status, string operation, string? code, string? message)
    {
        var text = $"Storage answered {(int)status} {code} to {operation}: {message}";
        return (int)status >= 500
            ? new HttpRequestException(text, inner: null, status)
            : new InvalidOperationException(text);
    }

    private static async Task<XDocument> ReadXmlAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await XDocument.LoadAsync(stream, LoadOptions.None, cancellationToken);
    }

    private static string? Element(XDocument document, string localName) =>
        document.Descendants().FirstOrDefault(e => e.Name.LocalName == localName)?.Value;

    private static string ETagOf(HttpResponseMessage response) =>
        response.Headers.ETag?.Tag.Trim('"')
        ?? (response.Headers.TryGetValues("ETag", out var values) ? values.First().Trim('"') : "");

    // Fills the buffer unless the stream ends first; the count tells which.
    private static async Task<int> ReadPartAsync(Stream content, byte[] buffer, CancellationToken cancellationToken) =>
        await content.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not abort multipart upload {UploadId} of {Key}; on S3/MinIO a lifecycle rule removes it")]
    private static partial void LogAbortFailed(ILogger logger, string key, string uploadId, Exception exception);
}
