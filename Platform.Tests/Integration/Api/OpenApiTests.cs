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
}
