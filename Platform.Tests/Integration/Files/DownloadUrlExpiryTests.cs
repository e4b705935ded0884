using System.Net;
using System.Text.Json;
using Platform.Tests.Infrastructure;
using Platform.Tests.Integration.Auth;

namespace Platform.Tests.Integration.Files;

[Trait(Category.Name, Category.Integration)]
public sealed class DownloadUrlExpiryTests(ExpiredUrlFilesStack stack) : IClassFixture<ExpiredUrlFilesStack>
{
    [Fact]
    public async Task A_presigned_download_url_stops_working_once_it_has_expired()
    {
        // An API key, not a JWT: with the API's clock two minutes behind, a just-issued token is not valid yet.
        using var user = await stack.SignUpAsync();
        var (_, key) = await Api.ApiStack.CreateApiKeyAsync(user);
        using var api = stack.ApiWithKey(key);
        var id = (await api.UploadAsync(FileUploads.RandomBytes(100))).GetProperty("id").GetGuid();

        using var response = await api.GetAsync(FileUploads.Url($"/api/files/{id}/download-url"));
        var body = await HttpAssertions.ReadAsync<JsonElement>(response, HttpStatusCode.OK);
        Assert.True(body.GetProperty("expiresAt").GetDateTimeOffset() < DateTimeOffset.UtcNow);

        using var anonymous = new HttpClient();
        using var download = await anonymous.GetAsync(new Uri(body.GetProperty("url").GetString()!));
        Assert.Equal(HttpStatusCode.Forbidden, download.StatusCode);
        Assert.Contains("expired", await download.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }
}
