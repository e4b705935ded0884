using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Tests.Infrastructure;
using Platform.Tests.Integration.Api;
using Platform.Tests.Integration.Auth;

namespace Platform.Tests.Integration.Files;

[Trait(Category.Name, Category.Integration)]
public sealed class StorageOutageTests(OwnStorageFilesStack stack) : IClassFixture<OwnStorageFilesStack>
{
    [Fact]
    public async Task Storage_down_answers_503_with_retry_after_leaves_no_row_and_health_reports_it()
    {
        using var user = await stack.SignUpAsync();
        using var api = await stack.ApiAsync(user);
        await api.UploadAsync([1, 2, 3]);
        using (var healthy = await api.GetAsync(FileUploads.Url("/health")))
        {
            Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
            Assert.Contains("storage", await healthy.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await stack.StopStorageAsync();

        using var upload = await api.PostFileAsync(new MemoryStream([4, 5, 6]));
        await upload.AssertProblemWithRequestIdAsync(HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(upload.Headers.RetryAfter);
        Assert.Equal(1, await stack.CountRowsAsync(user.UserId));
        Assert.Equal(1, await stack.CountRowsAsync(user.UserId, "ready"));
        using var health = await api.GetAsync(FileUploads.Url("/health"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        var report = await health.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("storage", report.ToString(), StringComparison.Ordinal);
    }
}
