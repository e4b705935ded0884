using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Minio.DataModel.Args;
using Platform.Core.Storage;
using Platform.Hosting.Storage;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Integration.Storage;

[Trait(Category.Name, Category.Integration)]
public sealed class StorageStartupTests
{
    [Fact]
    public async Task Three_replicas_starting_together_all_start_and_share_one_new_bucket()
    {
        var server = await TestS3.GetServerAsync();
        var bucket = TestS3.NewBucketName();

        var hosts = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => ObjectStoreFixture.StartHostAsync(server.ConnectionString, bucket)));
        try
        {
            var minio = hosts[0].Services.GetRequiredService<Minio.IMinioClient>();
            Assert.True(await minio.BucketExistsAsync(new BucketExistsArgs().WithBucket(bucket)));
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.StopAsync();
                host.Dispose();
            }
        }
    }

    [Fact]
    public async Task Storage_health_check_is_healthy_while_the_server_runs_and_unhealthy_after_it_stops()
    {
        var server = await S3Server.StartAsync(new S3ServerOptions { Kind = S3ServerKind.S3rver });
        await using (server)
        {
            using var host = await ObjectStoreFixture.StartHostAsync(server.ConnectionString, "platform");
            var health = host.Services.GetRequiredService<HealthCheckService>();

            var running = await health.CheckHealthAsync(check => check.Name == "storage");
            await server.StopAsync();
            var stopped = await health.CheckHealthAsync(check => check.Name == "storage");

            Assert.Equal(HealthStatus.Healthy, running.Status);
            Assert.Equal(HealthStatus.Unhealthy, stopped.Status);
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task Every_operation_on_a_stopped_server_fails_with_StorageUnavailableException()
    {
        var server = await S3Server.StartAsync(new S3ServerOptions { Kind = S3ServerKind.S3rver });
        // Without the service defaults' retries, so the failure shows at once.
        using var host = await ObjectStoreFixture.StartHostAsync(server.ConnectionString, "platform", serviceDefaults: false);
        var store = host.Services.GetRequiredService<IObjectStore>();
        await store.PutAsync("tenant/file", new MemoryStream([1, 2, 3]), "application/octet-stream");
        await server.DisposeAsync();

        await Assert.ThrowsAsync<StorageUnavailableException>(() => store.PutAsync("tenant/other", new MemoryStream([1]), "text/plain"));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => store.GetAsync("tenant/file"));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => store.GetRangeAsync("tenant/file", 0, 1));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => store.StatAsync("tenant/file"));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => store.DeleteAsync("tenant/file"));
        await Assert.ThrowsAsync<StorageUnavailableException>(async () => await store.ListAsync("tenant/").ToListAsync());
        await host.StopAsync();
    }
}
