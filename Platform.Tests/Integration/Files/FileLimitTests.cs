using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Tests.Infrastructure;
using Platform.Tests.Integration.Api;
using Platform.Tests.Integration.Auth;

namespace Platform.Tests.Integration.Files;

[Trait(Category.Name, Category.Integration)]
public sealed class FileLimitTests(SmallLimitFilesStack stack) : IClassFixture<SmallLimitFilesStack>
{
    [Theory]
    [InlineData(SmallLimitFilesStack.Limit + 1)]
    [InlineData(8 * SmallLimitFilesStack.Limit)]
    public async Task Over_limit_upload_answers_413_and_leaves_no_row_and_no_object(long size)
    {
        using var user = await stack.SignUpAsync();
        using var api = await stack.ApiAsync(user);

        using var response = await api.PostFileAsync(new GeneratedStream(size));

        await response.AssertProblemWithRequestIdAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(0, await stack.CountRowsAsync(user.UserId));
        Assert.Empty(await stack.ObjectKeysAsync($"user:{user.UserId}/"));
    }

    [Fact]
    public async Task Exactly_the_limit_is_accepted()
    {
        using var user = await stack.SignUpAsync();
        using var api = await stack.ApiAsync(user);

        using var response = await api.PostFileAsync(new GeneratedStream(SmallLimitFilesStack.Limit));

        var file = await HttpAssertions.ReadAsync<JsonElement>(response, HttpStatusCode.Created);
        Assert.Equal(SmallLimitFilesStack.Limit, file.GetProperty("size").GetInt64());
    }

    [Fact]
    public async Task Direct_upload_over_the_limit_is_refused_on_complete_and_deleted()
    {
        using var user = await stack.SignUpAsync();
        using var api = await stack.ApiAsync(user);
        using var declared = await api.PostAsJsonAsync("/api/files/uploads", new { name = "big.bin", size = SmallLimitFilesStack.Limit + 1 });
        await declared.AssertProblemWithRequestIdAsync(HttpStatusCode.RequestEntityTooLarge);

        using var started = await api.PostAsJsonAsync("/api/files/uploads", new { name = "sneaky.bin" });
        var upload = await HttpAssertions.ReadAsync<JsonElement>(started, HttpStatusCode.Created);
        var id = upload.GetProperty("fileId").GetGuid();
        using var anonymous = new HttpClient();
        using (var put = await anonymous.PutAsync(new Uri(upload.GetProperty("uploadUrl").GetString()!),
            new ByteArrayContent(new byte[SmallLimitFilesStack.Limit + 1])))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        using var completed = await api.PostAsync(FileUploads.Url($"/api/files/{id}/complete"), null);

        await completed.AssertProblemWithRequestIdAsync(HttpStatusCode.RequestEntityTooLarge);
        using var gone = await api.GetAsync(FileUploads.Url($"/api/files/{id}"));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Empty(await stack.ObjectKeysAsync($"user:{user.UserId}/"));
    }
}
