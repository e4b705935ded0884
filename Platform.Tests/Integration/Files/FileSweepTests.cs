using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Tests.Infrastructure;
using Platform.Tests.Integration.Auth;

namespace Platform.Tests.Integration.Files;

[Trait(Category.Name, Category.Integration)]
public sealed class FileSweepTests(FilesStack stack) : IClassFixture<FilesStack>
{
    [Fact]
    public async Task A_client_that_aborts_mid_upload_leaves_no_ready_row_and_no_object_after_the_sweep()
    {
        using var user = await stack.SignUpAsync();
        using var api = await stack.ApiAsync(user);
        var prefix = $"user:{user.UserId}/";

        // Past the 5 MiB single-PUT threshold, so storage is mid-way through a multipart upload when the client goes.
        await Assert.ThrowsAnyAsync<Exception>(() => api.PostFileAsync(new GeneratedStream(20 * 1024 * 1024) { FailAfter = 7 * 1024 * 1024 }));
        await stack.SweepAsync(DateTimeOffset.UtcNow.AddMinutes(1));

        Assert.Equal(0, await stack.CountRowsAsync(user.UserId, "ready"));
        Assert.Equal(0, await stack.CountRowsAsync(user.UserId));
        Assert.Empty(await stack.ObjectKeysAsync(prefix));
        using var list = await api.GetAsync(FileUploads.Url("/api/files"));
        Assert.Equal(0, (await HttpAssertions.ReadAsync<JsonElement>(list, HttpStatusCode.OK)).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task The_sweep_removes_stale_uploads_and_orphan_objects_but_keeps_ready_files_young_uploads_and_avatars()
    {
        using var user = await stack.SignUpAsync();
        using var api = await stack.ApiAsync(user);
        var prefix = $"user:{user.UserId}/";
        var ready = (await api.UploadAsync(FileUploads.RandomBytes(10))).GetProperty("id").GetGuid();
        using var started = await api.PostAsJsonAsync("/api/files/uploads", new { name = "abandoned.bin" });
        var upload = await HttpAssertions.ReadAsync<JsonElement>(started, HttpStatusCode.Created);
        var abandoned = upload.GetProperty("fileId").GetGuid();
        using var anonymous = new HttpClient();
        (await anonymous.PutAsync(new Uri(upload.GetProperty("uploadUrl").GetString()!), new ByteArrayContent([1, 2]))).Dispose();
        var orphan = $"{prefix}{Guid.CreateVersion7()}";
        await stack.ObjectStore.PutAsync(orphan, new MemoryStream([9]), "application/octet-stream");
        await stack.ObjectStore.PutAsync("avatars/someone", new MemoryStream([9]), "image/webp");

        // Now: the abandoned upload is young, so only the orphan object goes.
        var first = await stack.SweepAsync(DateTimeOffset.UtcNow.AddHours(-1));
        Assert.Equal(0, first.StaleRowsRemoved);
        Assert.Equal(new[] { $"{prefix}{abandoned}", $"{prefix}{ready}" }.Order(StringComparer.Ordinal), (await stack.ObjectKeysAsync(prefix)).Order(StringComparer.Ordinal));

        // An hour later: the abandoned upload and its object go too.
        var second = await stack.SweepAsync(DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal(1, second.StaleRowsRemoved);
        Assert.Equal([$"{prefix}{ready}"], await stack.ObjectKeysAsync(prefix));
        Assert.Equal(["avatars/someone"], await stack.ObjectKeysAsync("avatars/"));
        using var gone = await api.GetAsync(FileUploads.Url($"/api/files/{abandoned}"));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        using var kept = await api.GetContentAsync(ready);
        Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
    }
}
