using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Minio.DataModel.Args;
using Minio.Exceptions;
using Platform.Tests.Infrastructure;
using Platform.Tests.Integration.Api;
using Platform.Tests.Integration.Auth;

namespace Platform.Tests.Integration.Files;

[Trait(Category.Name, Category.Integration)]
public sealed class FileApiTests(FilesStack stack) : IClassFixture<FilesStack>
{
    private static readonly string[] ReadOnly = ["read"];

    [Fact]
    public async Task Metadata_list_and_delete_and_the_object_is_really_gone_from_storage()
    {
        using var user = await stack.SignUpAsync();
        using var api = await stack.ApiAsync(user);
        var first = await api.UploadAsync(FileUploads.RandomBytes(10), "first.txt", "text/plain");
        var second = await api.UploadAsync(FileUploads.RandomBytes(20), "second.bin");
        var id = second.GetProperty("id").GetGuid();

        using var metadata = await api.GetAsync(FileUploads.Url($"/api/files/{id}"));
        var body = await HttpAssertions.ReadAsync<JsonElement>(metadata, HttpStatusCode.OK);
        Assert.Equal("second.bin", body.GetProperty("name").GetString());
        Assert.Equal(20, body.GetProperty("size").GetInt64());
        Assert.Equal(user.UserId.ToString(), body.GetProperty("createdBy").GetString());

        using var page1 = await api.GetAsync(FileUploads.Url("/api/files?limit=1"));
        var list1 = await HttpAssertions.ReadAsync<JsonElement>(page1, HttpStatusCode.OK);
        Assert.Equal(id, list1.GetProperty("items")[0].GetProperty("id").GetGuid());
        var cursor = list1.GetProperty("nextCursor").GetString();
        using var page2 = await api.GetAsync(FileUploads.Url($"/api/files?limit=1&cursor={Uri.EscapeDataString(cursor!)}"));
        var list2 = await HttpAssertions.ReadAsync<JsonElement>(page2, HttpStatusCode.OK);
        Assert.Equal(first.GetProperty("id").GetGuid(), list2.GetProperty("items")[0].GetProperty("id").GetGuid());
        Assert.Equal(JsonValueKind.Null, list2.GetProperty("nextCursor").ValueKind);

        var key = $"user:{user.UserId}/{id}";
        await stack.Minio.StatObjectAsync(new StatObjectArgs().WithBucket(stack.Bucket).WithObject(key));

        using var deleted = await api.DeleteAsync(FileUploads.Url($"/api/files/{id}"));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var gone = await api.GetAsync(FileUploads.Url($"/api/files/{id}"));
        await gone.AssertProblemWithRequestIdAsync(HttpStatusCode.NotFound);
        await Assert.ThrowsAsync<ObjectNotFoundException>(() =>
            stack.Minio.StatObjectAsync(new StatObjectArgs().WithBucket(stack.Bucket).WithObject(key)));
    }

    [Theory]
    [InlineData("bytes=0-99", 0, 100)]
    [InlineData("bytes=1000-1999", 1000, 1000)]
    [InlineData("bytes=-500", 4500, 500)]
    [InlineData("bytes=1000-", 1000, 4000)]
    [InlineData("bytes=4900-99999", 4900, 100)]
    public async Task Range_answers_206_with_the_slice_and_content_range(string range, int offset, int length)
    {
        using var user = await stack.SignUpAsync();
        using var api = await stack.ApiAsync(user);
        var content = FileUploads.RandomBytes(5000);
        var id = (await api.UploadAsync(content)).GetProperty("id").GetGuid();

        using var response = await api.GetContentAsync(id, r => r.Headers.TryAddWithoutValidation("Range", range));

        await response.EnsureStatusAsync(HttpStatusCode.PartialContent);
        Assert.Equal($"bytes {offset}-{offset + length - 1}/5000", response.Content.Headers.ContentRange?.ToString());
        Assert.Equal(length, response.Content.Headers.ContentLength);
        Assert.Equal(content.AsSpan(offset, length).ToArray(), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Range_past_the_end_answers_416_with_the_size()
    {
        using var user = await stack.SignUpAsync();
        using var api = await stack.ApiAsync(user);
        var id = (await api.UploadAsync(FileUploads.RandomBytes(5000))).GetProperty("id").GetGuid();

        using var response = await api.GetContentAsync(id, r => r.Headers.TryAddWithoutValidation("Range", "bytes=5000-"));

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode);
        Assert.Equal("bytes */5000", response.Content.Headers.ContentRange?.ToString());
    }

    [Fact]
    public async Task If_none_match_with_the_etag_answers_304_without_a_body()
    {
        using var user = await stack.SignUpAsync();
        using var api = await stack.ApiAsync(user);
        var id = (await api.UploadAsync(FileUploads.RandomBytes(300))).GetProperty("id").GetGuid();
        using var first = await api.GetContentAsync(id);
        var etag = first.Headers.ETag!;

        using var again = await api.GetContentAsync(id, r => r.Headers.IfNoneMatch.Add(etag));

        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Equal(etag, again.Headers.ETag);
        Assert.Empty(await again.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Active_content_is_served_as_octet_stream_attachment_with_nosniff()
    {
        using var user = await stack.SignUpAsync();
        using var api = await stack.ApiAsync(user);
        var html = Encoding.UTF8.GetBytes("<script>alert(document.cookie)</script>");
        var htmlId = (await api.UploadAsync(html, "page.html", "text/html")).GetProperty("id").GetGuid();
        var svgId = (await api.UploadAsync(html, "image.svg", "image/svg+xml")).GetProperty("id").GetGuid();
        var pngId = (await api.UploadAsync([1, 2, 3], "image.png", "image/png")).GetProperty("id").GetGuid();

        foreach (var (id, expected) in new[] { (htmlId, "application/octet-stream"), (svgId, "application/octet-stream"), (pngId, "image/png") })
        {
            using var response = await api.GetContentAsync(id);
            await response.EnsureStatusAsync(HttpStatusCode.OK);
            Assert.Equal(expected, response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        }
    }

    [Theory]
    [InlineData("../../etc/passwd", "passwd", "passwd")]
    [InlineData("a\r\nSet-Cookie: x", "aSet-Cookie: x", "aSet-Cookie: x")]
    [InlineData("C:\\Users\\me\\report.pdf", "report.pdf", "report.pdf")]
    [InlineData("résumé 履歴書.txt", "résumé 履歴書.txt", "r_sum_ ___.txt")]
    [InlineData("say \"hi\".txt", "say \"hi\".txt", "say _hi_.txt")]
    public async Task Names_are_display_data_only_and_headers_stay_well_formed(string original, string stored, string asciiFallback)
    {
        using var user = await stack.SignUpAsync();
        using var api = await stack.ApiAsync(user);

        var file = await api.UploadAsync([42], original);
        var id = file.GetProperty("id").GetGuid();
        Assert.Equal(stored, file.GetProperty("name").GetString());

        using var response = await api.GetContentAsync(id);
        await response.EnsureStatusAsync(HttpStatusCode.OK);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal(asciiFallback, disposition.FileName?.Trim('"'));
        Assert.Equal(stored, disposition.FileNameStar);
        Assert.All(string.Join(";", response.Content.Headers.GetValues("Content-Disposition")), c => Assert.InRange(c, ' ', '~'));
    }

    [Fact]
    public async Task A_300_character_name_is_cut_to_255()
    {
        using var user = await stack.SignUpAsync();
        using var api = await stack.ApiAsync(user);

        var file = await api.UploadAsync([1], new string('n', 296) + ".txt");

        Assert.Equal(new string('n', 255), file.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Presigned_download_url_works_without_any_auth_header()
    {
        using var user = await stack.SignUpAsync();
        using var api = await stack.ApiAsync(user);
        var content = FileUploads.RandomBytes(777);
        var id = (await api.UploadAsync(content)).GetProperty("id").GetGuid();

        using var response = await api.GetAsync(FileUploads.Url($"/api/files/{id}/download-url"));
        var body = await HttpAssertions.ReadAsync<JsonElement>(response, HttpStatusCode.OK);
        var expiresAt = body.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.InRange(expiresAt - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5.1));

        using var anonymous = new HttpClient();
        Assert.Equal(content, await anonymous.GetByteArrayAsync(new Uri(body.GetProperty("url").GetString()!)));
    }

    [Fact]
    public async Task Presigned_put_then_complete_yields_a_ready_file()
    {
        using var user = await stack.SignUpAsync();
        using var api = await stack.ApiAsync(user);
        var content = FileUploads.RandomBytes(70_000);

        using var started = await api.PostAsJsonAsync("/api/files/uploads", new { name = "direct.bin", contentType = "application/zip", size = content.Length });
        var upload = await HttpAssertions.ReadAsync<JsonElement>(started, HttpStatusCode.Created);
        var id = upload.GetProperty("fileId").GetGuid();
        Assert.True(upload.GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow);
        using (var pending = await api.GetAsync(FileUploads.Url($"/api/files/{id}")))
        {
            Assert.Equal("uploading", (await HttpAssertions.ReadAsync<JsonElement>(pending, HttpStatusCode.OK)).GetProperty("status").GetString());
        }

        using var anonymous = new HttpClient();
        using (var put = await anonymous.PutAsync(new Uri(upload.GetProperty("uploadUrl").GetString()!), new ByteArrayContent(content)))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        using var completed = await api.PostAsync(FileUploads.Url($"/api/files/{id}/complete"), null);
        var file = await HttpAssertions.ReadAsync<JsonElement>(completed, HttpStatusCode.OK);
        Assert.Equal("ready", file.GetProperty("status").GetString());
        Assert.Equal(content.Length, file.GetProperty("size").GetInt64());
        Assert.Equal(FileUploads.Sha256Hex(content), file.GetProperty("sha256").GetString());
        Assert.Equal("direct.bin", file.GetProperty("name").GetString());
        using var downloaded = await api.GetContentAsync(id);
        Assert.Equal(content, await downloaded.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Complete_for_a_file_never_uploaded_answers_409()
    {
        using var user = await stack.SignUpAsync();
        using var api = await stack.ApiAsync(user);
        using var started = await api.PostAsJsonAsync("/api/files/uploads", new { name = "never.bin" });
        var id = (await HttpAssertions.ReadAsync<JsonElement>(started, HttpStatusCode.Created)).GetProperty("fileId").GetGuid();

        using var completed = await api.PostAsync(FileUploads.Url($"/api/files/{id}/complete"), null);

        await completed.AssertProblemWithRequestIdAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Another_tenant_gets_404_on_every_files_endpoint()
    {
        using var owner = await stack.SignUpAsync("owner");
        using var ownerApi = await stack.ApiAsync(owner);
        var id = (await ownerApi.UploadAsync(FileUploads.RandomBytes(50))).GetProperty("id").GetGuid();
        using var started = await ownerApi.PostAsJsonAsync("/api/files/uploads", new { name = "pending.bin" });
        var pendingId = (await HttpAssertions.ReadAsync<JsonElement>(started, HttpStatusCode.Created)).GetProperty("fileId").GetGuid();
        using var other = await stack.SignUpAsync("other");
        using var otherApi = await stack.ApiAsync(other);

        foreach (var request in new Func<HttpRequestMessage>[]
        {
            () => new(HttpMethod.Get, FileUploads.Url($"/api/files/{id}")),
            () => new(HttpMethod.Get, FileUploads.Url($"/api/files/{id}/content")),
            () => new(HttpMethod.Get, FileUploads.Url($"/api/files/{id}/download-url")),
            () => new(HttpMethod.Delete, FileUploads.Url($"/api/files/{id}")),
            () => new(HttpMethod.Post, FileUploads.Url($"/api/files/{pendingId}/complete")),
        })
        {
            using var message = request();
            using var response = await otherApi.SendAsync(message);
            await response.AssertProblemWithRequestIdAsync(HttpStatusCode.NotFound);
        }

        using var list = await otherApi.GetAsync(FileUploads.Url("/api/files"));
        Assert.Equal(0, (await HttpAssertions.ReadAsync<JsonElement>(list, HttpStatusCode.OK)).GetProperty("items").GetArrayLength());
        using var stillThere = await ownerApi.GetContentAsync(id);
        Assert.Equal(HttpStatusCode.OK, stillThere.StatusCode);
    }

    [Fact]
    public async Task An_api_key_with_files_read_can_list_but_not_upload()
    {
        using var user = await stack.SignUpAsync();
        var (_, key) = await ApiStack.CreateApiKeyAsync(user, permissions: new { files = ReadOnly });
        using var api = stack.ApiWithKey(key);

        using var upload = await api.PostFileAsync(new MemoryStream([1, 2, 3]));
        Assert.Equal(HttpStatusCode.Forbidden, upload.StatusCode);
        using var direct = await api.PostAsJsonAsync("/api/files/uploads", new { name = "x" });
        Assert.Equal(HttpStatusCode.Forbidden, direct.StatusCode);
        using var list = await api.GetAsync(FileUploads.Url("/api/files"));
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
    }

    [Fact]
    public async Task Upload_that_is_not_multipart_answers_415_and_one_without_a_file_part_400()
    {
        using var user = await stack.SignUpAsync();
        using var api = await stack.ApiAsync(user);

        using var json = await api.PostAsJsonAsync("/api/files", new { name = "x" });
        await json.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
        using var empty = new MultipartFormDataContent("b") { { new StringContent("v"), "other" } };
        using var noFile = await api.PostAsync(FileUploads.Url("/api/files"), empty);
        await noFile.AssertValidationProblemAsync("file");
    }

    public static TheoryData<string, string> MalformedMultipart => new()
    {
        { "/api/files", "garbage" },
        { "/api/files", "" },
        // A part that ends without its closing boundary: the reader fails while the part is streamed to storage.
        { "/api/files", "--abc\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nhello" },
        { "/api/me/avatar", "garbage" },
        { "/api/me/avatar", "--abc\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\r\nhello" },
    };

    [Theory]
    [MemberData(nameof(MalformedMultipart))]
    public async Task A_malformed_multipart_body_is_a_400_problem_and_leaves_no_file_behind(string path, string body)
    {
        using var user = await stack.SignUpAsync();
        using var api = await stack.ApiAsync(user);
        using var content = new ByteArrayContent(Encoding.ASCII.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=abc");
        using var request = new HttpRequestMessage(path.EndsWith("avatar", StringComparison.Ordinal) ? HttpMethod.Put : HttpMethod.Post, FileUploads.Url(path))
        {
            Content = content,
        };

        using var response = await api.SendAsync(request);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        using var list = await api.GetAsync(FileUploads.Url("/api/files"));
        var files = await HttpAssertions.ReadAsync<JsonElement>(list, HttpStatusCode.OK);
        Assert.Equal(0, files.GetProperty("items").GetArrayLength());
    }
}
