using Platform.Core.Storage;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Integration.Storage;

[Trait(Category.Name, Category.Integration)]
public sealed class ObjectStoreTests(ObjectStoreFixture storage) : IClassFixture<ObjectStoreFixture>
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5 * 1024 * 1024 - 1)]
    [InlineData(5 * 1024 * 1024 + 1)]
    [InlineData(8 * 1024 * 1024)]
    [InlineData(8 * 1024 * 1024 + 1)]
    [InlineData(41 * 1024 * 1024 + 7)]
    public async Task An_upload_of_unknown_length_comes_back_byte_identical(int length)
    {
        var key = $"{StoredBytes.NewPrefix()}/object";
        var content = StoredBytes.Random(length, seed: length);

        var stored = await storage.Store.PutAsync(key, StoredBytes.UnknownLength(content), "application/pdf");
        var read = await StoredBytes.ReadAllAsync(await storage.Store.GetAsync(key));

        Assert.Equal(length, stored.Size);
        Assert.Equal(StoredBytes.Sha256(content), StoredBytes.Sha256(read));
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(20 * 1024 * 1024)]
    public async Task An_upload_whose_stream_fails_leaves_no_object(int sentBeforeFailing)
    {
        var key = $"{StoredBytes.NewPrefix()}/failed";

        await Assert.ThrowsAsync<IOException>(() =>
            storage.Store.PutAsync(key, StoredBytes.FailingAfter(StoredBytes.Random(sentBeforeFailing)), "application/octet-stream"));

        Assert.Null(await storage.Store.StatAsync(key));
    }

    [Fact]
    public async Task Stat_reports_size_content_type_and_etag()
    {
        var key = $"{StoredBytes.NewPrefix()}/stat";
        var put = await storage.Store.PutAsync(key, new MemoryStream(StoredBytes.Random(1234)), "image/png");

        var stat = await storage.Store.StatAsync(key);

        Assert.NotNull(stat);
        Assert.Equal(1234, stat.Size);
        Assert.Equal("image/png", stat.ContentType);
        Assert.Equal(put.ETag, stat.ETag);
        Assert.DoesNotContain('"', stat.ETag);
        Assert.InRange(stat.LastModified, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5));
    }

    [Fact]
    public async Task Putting_the_same_key_again_replaces_the_object()
    {
        var key = $"{StoredBytes.NewPrefix()}/replaced";
        await storage.Store.PutAsync(key, new MemoryStream([1, 2, 3]), "application/octet-stream");

        await storage.Store.PutAsync(key, new MemoryStream([9]), "application/octet-stream");

        Assert.Equal([9], await StoredBytes.ReadAllAsync(await storage.Store.GetAsync(key)));
    }

    [Fact]
    public async Task A_deleted_object_is_gone_from_stat_get_and_list()
    {
        var prefix = StoredBytes.NewPrefix();
        var key = $"{prefix}/deleted";
        await storage.Store.PutAsync(key, new MemoryStream([1]), "application/octet-stream");

        await storage.Store.DeleteAsync(key);

        Assert.Null(await storage.Store.StatAsync(key));
        await Assert.ThrowsAsync<StoredObjectNotFoundException>(() => storage.Store.GetAsync(key));
        Assert.Empty(await storage.Store.ListAsync(prefix).ToListAsync());
    }

    [Fact]
    public async Task Deleting_a_key_that_never_existed_succeeds()
    {
        await storage.Store.DeleteAsync($"{StoredBytes.NewPrefix()}/never");
    }

    [Fact]
    public async Task List_is_limited_to_the_prefix_and_reports_sizes()
    {
        var prefix = StoredBytes.NewPrefix();
        await storage.Store.PutAsync($"{prefix}/tenant-a/1", new MemoryStream(new byte[10]), "application/octet-stream");
        await storage.Store.PutAsync($"{prefix}/tenant-a/2", new MemoryStream(new byte[20]), "application/octet-stream");
        await storage.Store.PutAsync($"{prefix}/tenant-b/1", new MemoryStream(new byte[30]), "application/octet-stream");

        var listed = await storage.Store.ListAsync($"{prefix}/tenant-a/").ToListAsync();

        Assert.Equal([($"{prefix}/tenant-a/1", 10L), ($"{prefix}/tenant-a/2", 20L)], listed.Select(o => (o.Key, o.Size)));
    }

    [Fact]
    public async Task Range_read_of_the_first_100_bytes_returns_exactly_those()
    {
        var key = $"{StoredBytes.NewPrefix()}/range";
        var content = StoredBytes.Random(10_000);
        await storage.Store.PutAsync(key, new MemoryStream(content), "application/octet-stream");

        var first = await StoredBytes.ReadAllAsync(await storage.Store.GetRangeAsync(key, 0, 100));

        Assert.Equal(content[..100], first);
    }

    [Fact]
    public async Task Range_read_of_a_middle_slice_returns_exactly_that_slice()
    {
        var key = $"{StoredBytes.NewPrefix()}/range";
        var content = StoredBytes.Random(6 * 1024 * 1024);
        await storage.Store.PutAsync(key, StoredBytes.UnknownLength(content), "application/octet-stream");

        var slice = await StoredBytes.ReadAllAsync(await storage.Store.GetRangeAsync(key, 5_000_000, 300_000));

        Assert.Equal(content.AsSpan(5_000_000, 300_000).ToArray(), slice);
    }

    [Fact]
    public async Task Range_read_that_runs_past_the_end_returns_the_tail()
    {
        var key = $"{StoredBytes.NewPrefix()}/range";
        var content = StoredBytes.Random(1000);
        await storage.Store.PutAsync(key, new MemoryStream(content), "application/octet-stream");

        var tail = await StoredBytes.ReadAllAsync(await storage.Store.GetRangeAsync(key, 900, 500));

        Assert.Equal(content[900..], tail);
    }

    [Fact]
    public async Task Range_read_starting_past_the_end_is_refused()
    {
        var key = $"{StoredBytes.NewPrefix()}/range";
        await storage.Store.PutAsync(key, new MemoryStream(new byte[100]), "application/octet-stream");

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => storage.Store.GetRangeAsync(key, 100, 10));
    }

    [Fact]
    public async Task Range_read_of_a_missing_key_reports_not_found()
    {
        await Assert.ThrowsAsync<StoredObjectNotFoundException>(() => storage.Store.GetRangeAsync($"{StoredBytes.NewPrefix()}/missing", 0, 10));
    }
}
