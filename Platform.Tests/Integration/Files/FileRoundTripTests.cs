using System.Net;
using System.Text.Json;
using Platform.Tests.Infrastructure;
using Platform.Tests.Integration.Auth;

namespace Platform.Tests.Integration.Files;

[Trait(Category.Name, Category.Integration)]
public sealed class FileRoundTripTests(FilesStack stack) : IClassFixture<FilesStack>
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5 * 1024 * 1024 + 1)]
    [InlineData(64 * 1024 * 1024)]
    public async Task Upload_then_download_is_byte_identical(long size)
    {
        using var user = await stack.SignUpAsync();
        using var api = await stack.ApiAsync(user);
        var expected = await GeneratedStream.Sha256HexAsync(size);

        using var uploaded = await api.PostFileAsync(new GeneratedStream(size), "generated.bin");
        var file = await HttpAssertions.ReadAsync<JsonElement>(uploaded, HttpStatusCode.Created);
        var id = file.GetProperty("id").GetGuid();
        Assert.Equal(size, file.GetProperty("size").GetInt64());
        Assert.Equal(expected, file.GetProperty("sha256").GetString());
        Assert.Equal("ready", file.GetProperty("status").GetString());
        Assert.Equal($"\"{expected}\"", uploaded.Headers.ETag?.ToString());

        using var downloaded = await api.GetContentAsync(id);
        await downloaded.EnsureStatusAsync(HttpStatusCode.OK);
        Assert.Equal(size, downloaded.Content.Headers.ContentLength);
        await using var body = await downloaded.Content.ReadAsStreamAsync();
        Assert.Equal(expected, await FileUploads.Sha256HexAsync(body));
    }
}
