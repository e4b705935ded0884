using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Platform.Hosting.Storage;

/// <summary>
/// Healthy when the server answers HTTP on its endpoint: MinIO's liveness probe, or for s3rver an
/// anonymous HEAD of the bucket (any answer below 500 means it serves requests).
/// </summary>
internal sealed class S3HealthCheck(Func<CancellationToken, ValueTask<string?>> endpoint, S3ServerKind kind, string bucket) : IHealthCheck
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(3) };

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            if (await endpoint(cancellationToken) is not { } baseUrl)
            {
                return HealthCheckResult.Unhealthy("The endpoint is not allocated yet.");
            }
            var probe = kind == S3ServerKind.Minio ? "/minio/health/live" : "/" + bucket;
            using var request = new HttpRequestMessage(kind == S3ServerKind.Minio ? HttpMethod.Get : HttpMethod.Head, new Uri(baseUrl.TrimEnd('/') + probe));
            using var response = await Http.SendAsync(request, cancellationToken);
            return (int)response.StatusCode < 500
                ? HealthCheckResult.Healthy()
                : new HealthCheckResult(context.Registration.FailureStatus, $"{probe} answered {(int)response.StatusCode}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, e.Message, e);
        }
    }
}
