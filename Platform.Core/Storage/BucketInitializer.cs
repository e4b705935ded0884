using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Minio;
using Minio.DataModel.Args;

namespace Platform.Core.Storage;

/// <summary>Creates the bucket at start when missing; replicas starting together must all succeed.</summary>
internal sealed class BucketInitializer(IMinioClient client, IOptions<StorageOptions> options, ILogger<BucketInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var bucket = options.Value.Bucket;
        if (await client.BucketExistsAsync(new BucketExistsArgs().WithBucket(bucket), cancellationToken))
        {
            return;
        }
        try
        {
            await client.MakeBucketAsync(new MakeBucketArgs().WithBucket(bucket), cancellationToken);
            logger.LogInformation("Created storage bucket {Bucket}", bucket);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Another replica won the race: the SDK reports that as BucketAlreadyExists (ErrorResponseException)
            // or BucketAlreadyOwnedByYou (ArgumentException), so ask again rather than match error types.
            if (!await client.BucketExistsAsync(new BucketExistsArgs().WithBucket(bucket), cancellationToken))
            {
                throw;
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
