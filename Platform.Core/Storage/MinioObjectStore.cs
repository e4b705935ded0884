using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Minio;
using Minio.DataModel.Args;
using Minio.Exceptions;
using Platform.ServiceDefaults.Storage;

namespace Platform.Core.Storage;

/// <summary>
/// <see cref="IObjectStore"/> on the Minio SDK 7.0.0, for any S3 server (MinIO, s3rver, AWS). Uploads go through
/// <see cref="S3StreamUploader"/> instead of the SDK's PutObject, which buffers every part in a new array and
/// sends the parts one after another while nothing is read.
/// </summary>
internal sealed class MinioObjectStore : IObjectStore, IDisposable
{
    private const int MaxPresignSeconds = 7 * 24 * 60 * 60;

    private readonly IMinioClient _client;
    private readonly IMinioClient _publicPresigner;
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly string _httpClientName;
    private readonly string _bucket;
    private readonly TimeProvider _time;
    private readonly S3RequestSigner _signer;
    private readonly UploadBufferPool _uploadBuffers;
    private readonly ILogger<MinioObjectStore> _logger;

    public MinioObjectStore(IMinioClient client, MinioClientSettings settings, IHttpClientFactory httpClientFactory,
        IOptions<StorageOptions> options, TimeProvider time, ILogger<MinioObjectStore> logger)
    {
        _client = client;
        _logger = logger;
        _signer = new S3RequestSigner(settings.Endpoint ?? throw new InvalidOperationException("No storage endpoint configured."),
            settings.AccessKey!, settings.SecretKey!, settings.Region, time);
        _uploadBuffers = new UploadBufferPool(options.Value.UploadPartSize, options.Value.UploadBuffers);
        _httpClientFactory = httpClientFactory;
        _httpClientName = settings.HttpClientName;
        _bucket = options.Value.Bucket;
        _time = time;
        // A presigned URL is signed for its host, so browsers that reach storage elsewhere need their own signer.
        _publicPresigner = options.Value.PublicEndpoint is { } publicEndpoint
            ? MinioClientBuilder.Build(settings, httpClientFactory, publicEndpoint)
            : client;
    }

    public Task<StoredObject> PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(content);
        return Guard(() => PutCoreAsync(key, content, contentType, cancellationToken), cancellationToken);
    }

    private Task<StoredObject> PutCoreAsync(string key, Stream content, string contentType, CancellationToken cancellationToken) =>
        new S3StreamUploader(_httpClientFactory.CreateClient(_httpClientName), _signer, _uploadBuffers, _time, _logger)
            .PutAsync(_bucket, key, content, contentType, cancellationToken);

    public Task<Stream> GetAsync(string key, CancellationToken cancellationToken = default) =>
        Guard(() => SendPresignedGetAsync(key, range: null, cancellationToken), cancellationToken);

    public Task<Stream> GetRangeAsync(string key, long offset, long length, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        // SDK 7.0.0's ranged GetObjectAsync throws PartialContentException on the server's 206
        // (minio-dotnet#1342), so ranges go out as a presigned GET with a Range header instead.
        return Guard(() => SendPresignedGetAsync(key, new RangeHeaderValue(offset, offset + length - 1), cancellationToken), cancellationToken);
    }

    public Task<StoredObject?> StatAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return Guard(() => StatCoreAsync(key, cancellationToken), cancellationToken);
    }

    private async Task<StoredObject?> StatCoreAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var stat = await _client.StatObjectAsync(new StatObjectArgs().WithBucket(_bucket).WithObject(key), cancellationToken);
            return new StoredObject(key, stat.Size, stat.ETag.Trim('"'), AsUtc(stat.LastModified), stat.ContentType);
        }
        catch (ObjectNotFoundException)
        {
            return null;
        }
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return Guard(async () =>
        {
            await _client.RemoveObjectAsync(new RemoveObjectArgs().WithBucket(_bucket).WithObject(key), cancellationToken);
            return true;
        }, cancellationToken);
    }

    public async IAsyncEnumerable<StoredObject> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var args = new ListObjectsArgs().WithBucket(_bucket).WithPrefix(prefix).WithRecursive(true);
        await using var items = _client.ListObjectsEnumAsync(args, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (await Guard(async () => await items.MoveNextAsync(), cancellationToken))
        {
            var item = items.Current;
            if (!item.IsDir)
            {
                yield return new StoredObject(item.Key, (long)item.Size, item.ETag.Trim('"'), AsUtc(item.LastModifiedDateTime ?? default), null);
            }
        }
    }

    public async Task<Uri> PresignGetAsync(string key, TimeSpan expiry, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var url = await _publicPresigner.PresignedGetObjectAsync(new PresignedGetObjectArgs()
            .WithBucket(_bucket).WithObject(key).WithExpiry(ToSeconds(expiry)).WithRequestDate(_time.GetUtcNow().UtcDateTime));
        return new Uri(url);
    }

    public async Task<Uri> PresignPutAsync(string key, TimeSpan expiry, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var url = await _publicPresigner.PresignedPutObjectAsync(new PresignedPutObjectArgs()
            .WithBucket(_bucket).WithObject(key).WithExpiry(ToSeconds(expiry)));
        return new Uri(url);
    }

    public void Dispose()
    {
        _uploadBuffers.Dispose();
        if (!ReferenceEquals(_publicPresigner, _client))
        {
            _publicPresigner.Dispose();
        }
    }

    // Through the "storage" HttpClient (resilience, client spans) and streamed: headers first, body as read.
    private async Task<Stream> SendPresignedGetAsync(string key, RangeHeaderValue? range, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var url = await _client.PresignedGetObjectAsync(new PresignedGetObjectArgs()
            .WithBucket(_bucket).WithObject(key).WithExpiry(60).WithRequestDate(_time.GetUtcNow().UtcDateTime));
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Range = range;
        var http = _httpClientFactory.CreateClient(_httpClientName);
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        try
        {
            switch (response.StatusCode)
            {
                case HttpStatusCode.OK when range is null:
                case HttpStatusCode.PartialContent when range is not null:
                    // Disposing the returned stream releases the response and its connection.
                    return await response.Content.ReadAsStreamAsync(cancellationToken);
                case HttpStatusCode.NotFound:
                    throw new StoredObjectNotFoundException(key);
                case HttpStatusCode.RequestedRangeNotSatisfiable:
                    throw new ArgumentOutOfRangeException(nameof(range), range?.ToString(), $"The range starts past the end of '{key}'.");
                default:
                    response.EnsureSuccessStatusCode();
                    throw new HttpRequestException(
                        $"Storage answered {(int)response.StatusCode} to a {(range is null ? "" : "ranged ")}GET of '{key}'.",
                        inner: null, response.StatusCode);
            }
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    // One exception for "storage is down" however it surfaced: refused connection, resilience
    // timeout or open circuit, or a 5xx answer the SDK turned into a MinioException.
    private static async Task<T> Guard<T>(Func<Task<T>> operation, CancellationToken cancellationToken)
    {
        try
        {
            return await operation();
        }
        catch (Exception e) when (IsUnavailable(e, cancellationToken))
        {
            throw new StorageUnavailableException("Object storage is unavailable: " + e.Message, e);
        }
    }

    private static bool IsUnavailable(Exception e, CancellationToken cancellationToken) => e switch
    {
        HttpRequestException http => http.StatusCode is null || (int)http.StatusCode >= 500,
        Polly.ExecutionRejectedException => true,
        ConnectionException => true,
        MinioException minio => minio.ServerResponse is { } response && (int)response.StatusCode >= 500,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    private static int ToSeconds(TimeSpan expiry)
    {
        var seconds = (int)Math.Ceiling(expiry.TotalSeconds);
        return seconds is >= 1 and <= MaxPresignSeconds
            ? seconds
            : throw new ArgumentOutOfRangeException(nameof(expiry), expiry, string.Create(CultureInfo.InvariantCulture, $"Presigned URLs last 1 s to {MaxPresignSeconds} s."));
    }

    private static DateTimeOffset AsUtc(DateTime value) =>
        new(value.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(value, DateTimeKind.Utc) : value.ToUniversalTime());
}
