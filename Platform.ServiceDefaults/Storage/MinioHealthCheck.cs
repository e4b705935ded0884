using Microsoft.Extensions.Diagnostics.HealthChecks;
using Minio;

namespace Platform.ServiceDefaults.Storage;

/// <summary>Healthy when the S3 server answers a bucket listing within the configured timeout.</summary>
internal sealed class MinioHealthCheck(IMinioClient client, MinioClientSettings settings) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // Bound by time, not by errors: a stopped resource behind Aspire's proxy hangs instead of refusing.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.HealthCheckTimeout);
        try
        {
            await client.ListBucketsAsync(timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"Storage did not answer within {settings.HealthCheckTimeout}.");
        }
        catch (Exception e)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "Storage is unreachable.", e);
        }
    }
}
