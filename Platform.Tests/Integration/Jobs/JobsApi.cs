using System.Net;
using System.Text;
using System.Text.Json;
using Platform.Tests.Integration.Api;
using Platform.Tests.Integration.Auth;

namespace Platform.Tests.Integration.Jobs;

/// <summary>One API stack (real auth, real API) shared by the jobs API test classes, which then run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class JobsApiCollection : ICollectionFixture<ApiStack>
{
    public const string Name = "jobs api";
}

/// <summary>Small helpers for calling the jobs endpoints the way a client does.</summary>
public static class JobsApi
{
    public const string PausedNoop = """{"name":"paused noop","type":"noop","schedule":{"kind":"interval","intervalSeconds":3600},"enabled":false}""";

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static Uri Path(string path) => new(path, UriKind.Relative);

    /// <summary>Creates a job (201) and returns its id.</summary>
    public static async Task<Guid> CreateJobAsync(this HttpClient api, string json = PausedNoop)
    {
        using var response = await api.PostAsync(Path("/api/jobs"), Json(json));
        return (await HttpAssertions.ReadAsync<JsonElement>(response, HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    public static async Task<JsonElement> GetJsonAsync(this HttpClient api, string path)
    {
        using var response = await api.GetAsync(Path(path));
        return await HttpAssertions.ReadAsync<JsonElement>(response, HttpStatusCode.OK);
    }

    /// <summary>Every jobs endpoint that changes something, as (method, path, JSON body or null) for job <paramref name="id"/>.</summary>
    public static IEnumerable<(HttpMethod Method, string Path, string? Body)> Writes(Guid id) =>
    [
        (HttpMethod.Post, "/api/jobs", PausedNoop),
        (HttpMethod.Patch, $"/api/jobs/{id}", """{"name":"renamed"}"""),
        (HttpMethod.Post, $"/api/jobs/{id}/pause", null),
        (HttpMethod.Post, $"/api/jobs/{id}/resume", null),
        (HttpMethod.Post, $"/api/jobs/{id}/run", null),
        (HttpMethod.Delete, $"/api/jobs/{id}", null),
    ];

    /// <summary>Every jobs endpoint that only reads, as (method, path, JSON body or null) for job <paramref name="id"/>.</summary>
    public static IEnumerable<(HttpMethod Method, string Path, string? Body)> Reads(Guid id) =>
    [
        (HttpMethod.Get, "/api/jobs/types", null),
        (HttpMethod.Post, "/api/jobs/preview", """{"schedule":{"kind":"cron","cron":"0 9 * * 1-5"}}"""),
        (HttpMethod.Get, "/api/jobs", null),
        (HttpMethod.Get, $"/api/jobs/{id}", null),
        (HttpMethod.Get, $"/api/jobs/{id}/runs", null),
    ];

    public static async Task<HttpResponseMessage> SendAsync(this HttpClient api, (HttpMethod Method, string Path, string? Body) call)
    {
        using var request = new HttpRequestMessage(call.Method, Path(call.Path));
        if (call.Body is not null)
        {
            request.Content = Json(call.Body);
        }
        return await api.SendAsync(request);
    }
}
