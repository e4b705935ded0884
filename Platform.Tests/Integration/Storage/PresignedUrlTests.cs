using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Storage;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Integration.Storage;

[Trait(Category.Name, Category.Integration)]
public sealed class PresignedUrlTests(ObjectStoreFixture storage) : IClassFixture<ObjectStoreFixture>
{
    [Fact]
    public async Task Presigned_GET_downloads_the_object_without_credentials()
    {
        var key = $"{StoredBytes.NewPrefix()}/download";
        var content = StoredBytes.Random(4096);
        await storage.Store.PutAsync(key, new MemoryStream(content), "application/octet-stream");

        var url = await storage.Store.PresignGetAsync(key, TimeSpan.FromMinutes(5));
        using var response = await storage.Anonymous.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(content, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Presigned_GET_is_refused_once_it_has_expired()
    {
        var key = $"{StoredBytes.NewPrefix()}/expired";
        await storage.Store.PutAsync(key, new MemoryStream([1]), "application/octet-stream");
        using var store = PresignerDatedAt(DateTimeOffset.UtcNow.AddMinutes(-10));

        var url = await store.PresignGetAsync(key, TimeSpan.FromMinutes(5));
        using var response = await storage.Anonymous.GetAsync(url);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("expired", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Presigned_PUT_stores_the_uploaded_bytes()
    {
        var key = $"{StoredBytes.NewPrefix()}/upload";
        var content = StoredBytes.Random(70_000);

        var url = await storage.Store.PresignPutAsync(key, TimeSpan.FromMinutes(5));
        using var response = await storage.Anonymous.PutAsync(url, new ByteArrayContent(content));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(content.Length, (await storage.Store.StatAsync(key))?.Size);
        Assert.Equal(content, await StoredBytes.ReadAllAsync(await storage.Store.GetAsync(key)));
    }

    [Fact]
    public async Task Presigned_URLs_point_at_the_public_endpoint_when_one_is_configured()
    {
        using var host = await ObjectStoreFixture.StartHostAsync(storage.Server.ConnectionString, storage.Bucket,
            settings: new Dictionary<string, string?> { ["Storage:PublicEndpoint"] = "https://files.example.com" });
        var store = host.Services.GetRequiredService<IObjectStore>();

        var url = await store.PresignGetAsync("any/key", TimeSpan.FromMinutes(1));

        Assert.Equal("https://files.example.com/", url.GetLeftPart(UriPartial.Authority) + "/");
        Assert.StartsWith($"/{storage.Bucket}/any/key", url.AbsolutePath, StringComparison.Ordinal);
        Assert.Contains("X-Amz-Signature=", url.Query, StringComparison.Ordinal);
        await host.StopAsync();
    }

    // A store whose clock is behind: its URLs were signed in the past, as if they had been handed out then.
    private MinioObjectStore PresignerDatedAt(DateTimeOffset signedAt)
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(signedAt);
        return ActivatorUtilities.CreateInstance<MinioObjectStore>(storage.Services, clock);
    }
}
