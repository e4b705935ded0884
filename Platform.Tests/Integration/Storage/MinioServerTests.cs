using Platform.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Platform.Hosting.Storage;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Integration.Storage;

/// <summary>The same object store against real MinIO, which (unlike s3rver) checks request signatures.</summary>
[Trait(Category.Name, Category.Integration)]
public sealed class MinioServerTests
{
    [MinioFact]
    public async Task Object_store_round_trips_and_reads_ranges_against_MinIO()
    {
        await using var server = await S3Server.StartAsync(new S3ServerOptions { Kind = S3ServerKind.Minio });
        using var host = await ObjectStoreFixture.StartHostAsync(server.ConnectionString, "platform");
        var store = host.Services.GetRequiredService<IObjectStore>();
        var content = StoredBytes.Random(6 * 1024 * 1024);

        await store.PutAsync("tenant/file", StoredBytes.UnknownLength(content), "application/octet-stream");

        Assert.Equal(content, await StoredBytes.ReadAllAsync(await store.GetAsync("tenant/file")));
        Assert.Equal(content[100..200], await StoredBytes.ReadAllAsync(await store.GetRangeAsync("tenant/file", 100, 100)));
        Assert.Equal(["tenant/file"], await store.ListAsync("tenant/").Select(o => o.Key).ToListAsync());
        await host.StopAsync();
    }

    [MinioFact]
    public async Task MinIO_refuses_a_client_with_the_wrong_secret()
    {
        await using var server = await S3Server.StartAsync(new S3ServerOptions { Kind = S3ServerKind.Minio });
        var wrong = $"Endpoint={server.Endpoint.GetLeftPart(UriPartial.Authority)};AccessKey={server.AccessKey};SecretKey=not-the-secret";

        await Assert.ThrowsAnyAsync<Exception>(() => ObjectStoreFixture.StartHostAsync(wrong, "platform"));
    }
}
