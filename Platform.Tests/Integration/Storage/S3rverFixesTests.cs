using Minio.DataModel.Args;
using Platform.Core.Storage;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Integration.Storage;

/// <summary>
/// One test per defect of s3rver 3.7.1 that tools/s3rver/patch.js fixes; each fails against the
/// unpatched package (the Minio SDK sees an empty list, NoSuchKey, or a 500 from a delete).
/// </summary>
[Trait(Category.Name, Category.Integration)]
public sealed class S3rverFixesTests(ObjectStoreFixture storage) : IClassFixture<ObjectStoreFixture>
{
    [Fact]
    public async Task Listing_a_prefix_returns_the_uploaded_keys()
    {
        var prefix = StoredBytes.NewPrefix();
        string[] keys = [$"{prefix}/a", $"{prefix}/b/c", $"{prefix}/d"];
        foreach (var key in keys)
        {
            await storage.Store.PutAsync(key, new MemoryStream([1, 2, 3]), "application/octet-stream");
        }

        var listed = await storage.Store.ListAsync(prefix + "/").Select(o => o.Key).ToListAsync();

        Assert.Equal(keys, listed);
    }

    [Fact]
    public async Task Copying_an_object_whose_key_has_spaces_and_slashes_copies_its_bytes()
    {
        var prefix = StoredBytes.NewPrefix();
        var source = $"{prefix}/copy source/report 2026 (final)+v2.txt";
        var target = $"{prefix}/copy target/copied file.txt";
        var content = StoredBytes.Random(1000);
        await storage.Store.PutAsync(source, new MemoryStream(content), "text/plain");

        await storage.Minio.CopyObjectAsync(new CopyObjectArgs()
            .WithBucket(storage.Bucket).WithObject(target)
            .WithCopyObjectSource(new CopySourceObjectArgs().WithBucket(storage.Bucket).WithObject(source)));

        Assert.Equal(content, await StoredBytes.ReadAllAsync(await storage.Store.GetAsync(target)));
    }

    [Fact]
    public async Task Fifty_concurrent_deletes_of_nested_keys_all_succeed_and_leave_nothing()
    {
        var prefix = StoredBytes.NewPrefix();
        // Every object sits in its own folder under shared parents, so each delete races the others
        // to remove the same empty folders.
        var keys = Enumerable.Range(0, 50).Select(i => $"{prefix}/nested/{i % 3}/deep/{i}/object.bin").ToList();
        await Task.WhenAll(keys.Select(key => storage.Store.PutAsync(key, new MemoryStream([42]), "application/octet-stream")));

        await Task.WhenAll(keys.Select(key => storage.Store.DeleteAsync(key)));

        Assert.Empty(await storage.Store.ListAsync(prefix + "/").ToListAsync());
        Assert.All(await Task.WhenAll(keys.Select(key => storage.Store.StatAsync(key))), Assert.Null);
    }
}
