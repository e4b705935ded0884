using System.Net.Http.Json;
using System.Text.Json;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Integration.Api;

[Trait(Category.Name, Category.Integration)]
public sealed class OpenApiTests(ApiStack stack) : IClassFixture<ApiStack>
{
    [Fact]
    public async Task The_document_lists_every_endpoint_with_its_security_requirement_and_constraints()
    {
        using var api = stack.Api.CreateClient();
        var document = await api.GetFromJsonAsync<JsonElement>(new Uri("/openapi/v1.json", UriKind.Relative));

        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("bearer", schemes.GetProperty("Bearer").GetProperty("scheme").GetString());
        Assert.Equal("X-API-Key", schemes.GetProperty("ApiKey").GetProperty("name").GetString());

        var paths = document.GetProperty("paths");
        var expected = new[]
        {
            ("/api/tasks", "get"), ("/api/tasks", "post"), ("/api/tasks/{id}", "get"),
            ("/api/tasks/{id}", "patch"), ("/api/tasks/{id}", "delete"), ("/api/me", "get"),
            ("/api/files", "get"), ("/api/files", "post"), ("/api/files/uploads", "post"),
            ("/api/files/{id}/complete", "post"), ("/api/files/{id}", "get"), ("/api/files/{id}", "delete"),
            ("/api/files/{id}/content", "get"), ("/api/files/{id}/download-url", "get"),
            ("/api/me/avatar", "put"), ("/api/me/avatar", "get"), ("/api/me/avatar", "delete"),
        };
        foreach (var (path, method) in expected)
        {
            var operation = paths.GetProperty(path).GetProperty(method);
            var security = operation.GetProperty("security").EnumerateArray().SelectMany(r => r.EnumerateObject().Select(p => p.Name)).ToList();
            Assert.Contains("Bearer", security);
            Assert.Contains("ApiKey", security);
        }

        var create = document.GetProperty("components").GetProperty("schemas").GetProperty("CreateTaskRequest").GetProperty("properties");
        Assert.Equal(255, create.GetProperty("title").GetProperty("maxLength").GetInt32());
        Assert.Equal(5000, create.GetProperty("description").GetProperty("maxLength").GetInt32());
        var limit = paths.GetProperty("/api/tasks").GetProperty("get").GetProperty("parameters").EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == "limit").GetProperty("schema");
        Assert.Equal(100, limit.GetProperty("maximum").GetInt32());
        Assert.Contains("in_progress", document.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_files_endpoints_document_their_request_and_response_bodies()
    {
        using var api = stack.Api.CreateClient();
        var document = await api.GetFromJsonAsync<JsonElement>(new Uri("/openapi/v1.json", UriKind.Relative));
        var paths = document.GetProperty("paths");

        // A generated client must send the bytes as the multipart part named "file".
        var upload = paths.GetProperty("/api/files").GetProperty("post");
        var form = upload.GetProperty("requestBody").GetProperty("content").GetProperty("multipart/form-data").GetProperty("schema");
        Assert.Equal(["file"], form.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        AssertBinary(form.GetProperty("properties").GetProperty("file"));
        Assert.Equal("#/components/schemas/FileMetadataResponse", ResponseSchemaRef(upload, "201"));
        Assert.True(upload.GetProperty("responses").TryGetProperty("413", out _));
        var size = document.GetProperty("components").GetProperty("schemas").GetProperty("FileMetadataResponse")
            .GetProperty("properties").GetProperty("size");
        Assert.Equal(("integer", "int64"), (size.GetProperty("type").GetString(), size.GetProperty("format").GetString()));

        var direct = paths.GetProperty("/api/files/uploads").GetProperty("post");
        Assert.Equal("#/components/schemas/CreateUploadRequest",
            direct.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        Assert.Equal("#/components/schemas/DirectUploadResponse", ResponseSchemaRef(direct, "201"));
        Assert.Equal("#/components/schemas/FileMetadataResponse", ResponseSchemaRef(paths.GetProperty("/api/files/{id}/complete").GetProperty("post"), "200"));
        Assert.Equal("#/components/schemas/FileListResponse", ResponseSchemaRef(paths.GetProperty("/api/files").GetProperty("get"), "200"));
        Assert.Equal("#/components/schemas/FileMetadataResponse", ResponseSchemaRef(paths.GetProperty("/api/files/{id}").GetProperty("get"), "200"));
        Assert.Equal("#/components/schemas/DownloadUrlResponse", ResponseSchemaRef(paths.GetProperty("/api/files/{id}/download-url").GetProperty("get"), "200"));

        var content = paths.GetProperty("/api/files/{id}/content").GetProperty("get").GetProperty("responses");
        foreach (var status in new[] { "200", "206" })
        {
            AssertBinary(content.GetProperty(status).GetProperty("content").GetProperty("application/octet-stream").GetProperty("schema"));
        }
        Assert.True(content.TryGetProperty("304", out _));
        Assert.True(content.TryGetProperty("416", out _));

        var avatarPut = paths.GetProperty("/api/me/avatar").GetProperty("put");
        Assert.True(avatarPut.GetProperty("requestBody").GetProperty("content").TryGetProperty("image/jpeg", out _));
        Assert.Equal("#/components/schemas/AvatarResponse", ResponseSchemaRef(avatarPut, "200"));
        AssertBinary(paths.GetProperty("/api/me/avatar").GetProperty("get").GetProperty("responses").GetProperty("200")
            .GetProperty("content").GetProperty("image/webp").GetProperty("schema"));

        static string? ResponseSchemaRef(JsonElement operation, string status) =>
            operation.GetProperty("responses").GetProperty(status).GetProperty("content").GetProperty("application/json")
                .GetProperty("schema").GetProperty("$ref").GetString();

        static void AssertBinary(JsonElement schema) =>
            Assert.Equal(("string", "binary"), (schema.GetProperty("type").GetString(), schema.GetProperty("format").GetString()));
    }
}
