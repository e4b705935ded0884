using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Tests.Integration.Auth;

namespace Platform.Tests.Integration.Api;

public static class ApiAssertions
{
    /// <summary>A problem-details answer that carries the request id the response header names.</summary>
    public static async Task<JsonElement> AssertProblemWithRequestIdAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var problem = await response.AssertProblemAsync(expected);
        var requestId = Assert.Single(response.Headers.GetValues("X-Request-ID"));
        Assert.Equal(requestId, problem.GetProperty("requestId").GetString());
        return problem;
    }

    public static async Task<JsonElement> CreateTaskAsync(this HttpClient api, string title, string? description = null)
    {
        using var response = await api.PostAsJsonAsync("/api/tasks", new { title, description });
        return await HttpAssertions.ReadAsync<JsonElement>(response, HttpStatusCode.Created);
    }

    public static async Task<JsonElement> ListTasksAsync(this HttpClient api, string query = "")
    {
        using var response = await api.GetAsync(new Uri("/api/tasks" + query, UriKind.Relative));
        return await HttpAssertions.ReadAsync<JsonElement>(response, HttpStatusCode.OK);
    }

    public static string[] Titles(this JsonElement page) =>
        [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()!)];
}
