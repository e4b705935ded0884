using System.Net.Http;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Platform.ServiceDefaults.Storage;

/// <summary>
/// The storage client's resilience pipeline: the standard one (timeouts, retries, circuit breaker), with attempt
/// and total timeouts that grow with the bytes a request moves. A fixed 10 s attempt cuts a part upload, or an
/// S3 server assembling a large object on CompleteMultipartUpload, whenever the server is busy, and those cuts
/// then open the circuit for everyone (the flaky 503s under load). A server that hangs still times out after
/// the base timeouts plus the transfer allowance.
/// </summary>
public static class StorageResilience
{
    /// <summary>Bytes a request moves besides its own content (CompleteMultipartUpload: the whole object).</summary>
    public static readonly HttpRequestOptionsKey<long> TransferBytes = new("Platform.Storage.TransferBytes");

    /// <summary>The slowest transfer a healthy but busy server is allowed before an attempt counts as failed.</summary>
    public const double MinBytesPerSecond = 4 * 1024 * 1024;

    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan TotalTimeout = TimeSpan.FromSeconds(30);

    public static void Configure(HttpStandardResilienceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AttemptTimeout.Timeout = AttemptTimeout;
        options.AttemptTimeout.TimeoutGenerator = args => ValueTask.FromResult(AttemptTimeout + Allowance(args.Context));
        options.TotalRequestTimeout.Timeout = TotalTimeout;
        options.TotalRequestTimeout.TimeoutGenerator = args => ValueTask.FromResult(TotalTimeout + Allowance(args.Context));
        // Open only when most calls fail (an outage), not when a tenth of them are slow (a busy server).
        options.CircuitBreaker.FailureRatio = 0.5;
        options.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(30);
    }

    /// <summary>How long the request's bytes take at <see cref="MinBytesPerSecond"/>.</summary>
    public static TimeSpan Allowance(HttpRequestMessage? request)
    {
        if (request is null)
        {
            return TimeSpan.Zero;
        }
        var bytes = request.Options.TryGetValue(TransferBytes, out var transfer) ? transfer : 0;
        bytes += request.Content?.Headers.ContentLength ?? 0;
        return TimeSpan.FromSeconds(bytes / MinBytesPerSecond);
    }

    private static TimeSpan Allowance(ResilienceContext context) => Allowance(context.GetRequestMessage());
}
