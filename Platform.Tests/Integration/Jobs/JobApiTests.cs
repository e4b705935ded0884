using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Platform.Tests.Infrastructure;
using Platform.Tests.Integration.Api;

namespace Platform.Tests.Integration.Jobs;

/// <summary>The jobs endpoints through the real API, authenticated by a real auth service.</summary>
[Trait(Category.Name, Category.Integration)]
public sealed class JobApiTests(ApiStack stack) : IClassFixture<ApiStack>
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<HttpClient> ApiAsync(string who = "jobs")
    {
        var user = await stack.SignUpAsync(who);
        return await stack.ApiAsync(user);
    }

    [Theory]
    [InlineData("* * *")]
    [InlineData("61 * * * *")]
    [InlineData("* * * * 8")]
    [InlineData("")]
    [InlineData("0 0 30 2 *")]
    public async Task An_invalid_cron_expression_is_a_400_naming_the_field(string cron)
    {
        using var api = await ApiAsync();
        using var response = await api.PostAsync(new Uri("/api/jobs", UriKind.Relative), Json(JsonSerializer.Serialize(new
        {
            name = "bad", type = "noop", schedule = new { kind = "cron", cron },
        })));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(body.RootElement.GetProperty("errors").TryGetProperty("schedule.cron", out _));
    }

    [Theory]
    [InlineData("""{"name":"x","type":"nope","schedule":{"kind":"interval","intervalSeconds":60}}""", "type")]
    [InlineData("""{"name":"x","type":"noop","schedule":{"kind":"interval","intervalSeconds":60},"payload":{"durationMs":"slow"}}""", "payload.durationMs")]
    [InlineData("""{"name":"x","type":"export-tasks","schedule":{"kind":"interval","intervalSeconds":60},"payload":{"format":"xml"}}""", "payload.format")]
    [InlineData("""{"name":"x","type":"noop","schedule":{"kind":"interval","intervalSeconds":4}}""", "schedule.intervalSeconds")]
    [InlineData("""{"name":"x","type":"noop","schedule":{"kind":"interval","intervalSeconds":1e309}}""", "schedule.intervalSeconds")]
    [InlineData("""{"name":"x","type":"noop","schedule":{"kind":"once","runAt":"2001-01-01T00:00:00Z"}}""", "schedule.runAt")]
    [InlineData("""{"name":"x","type":"noop","schedule":{"kind":"cron","cron":"0 9 * * *","timeZone":"Nowhere/City"}}""", "schedule.timeZone")]
    [InlineData("""{"name":"a\u0000b","type":"noop","schedule":{"kind":"interval","intervalSeconds":60}}""", "name")]
    [InlineData("""{"name":"x","type":"noop"}""", "schedule")]
    public async Task A_bad_job_is_a_400_naming_the_field(string json, string field)
    {
        using var api = await ApiAsync();
        using var response = await api.PostAsync(new Uri("/api/jobs", UriKind.Relative), Json(json));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(body.RootElement.GetProperty("errors").TryGetProperty(field, out _), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_cron_job_is_created_with_its_next_five_runs_and_only_its_tenant_sees_it()
    {
        using var api = await ApiAsync();
        using var created = await api.PostAsync(new Uri("/api/jobs", UriKind.Relative), Json("""
            {"name":"nightly export","type":"export-tasks","schedule":{"kind":"cron","cron":"30 2 * * SUN","timeZone":"Europe/Paris"},"payload":{"format":"csv"}}
            """));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.NotNull(created.Headers.ETag);
        using var job = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var id = job.RootElement.GetProperty("id").GetGuid();
        Assert.Equal(5, job.RootElement.GetProperty("nextRuns").GetArrayLength());
        Assert.Equal("csv", job.RootElement.GetProperty("payload").GetProperty("format").GetString());
        Assert.Equal("Europe/Paris", job.RootElement.GetProperty("schedule").GetProperty("timeZone").GetString());

        using var list = await api.GetAsync(new Uri("/api/jobs?limit=10", UriKind.Relative));
        using var page = JsonDocument.Parse(await list.Content.ReadAsStringAsync());
        Assert.Contains(page.RootElement.GetProperty("items").EnumerateArray(), j => j.GetProperty("id").GetGuid() == id);

        using var runs = await api.GetAsync(new Uri($"/api/jobs/{id}/runs", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, runs.StatusCode);

        using var other = await ApiAsync("other");
        using var hidden = await other.GetAsync(new Uri($"/api/jobs/{id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        using var hiddenRun = await other.PostAsync(new Uri($"/api/jobs/{id}/run", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.NotFound, hiddenRun.StatusCode);

        using var paused = await api.PostAsync(new Uri($"/api/jobs/{id}/pause", UriKind.Relative), null);
        using var pausedBody = JsonDocument.Parse(await paused.Content.ReadAsStringAsync());
        Assert.False(pausedBody.RootElement.GetProperty("enabled").GetBoolean());

        using var stale = new HttpRequestMessage(HttpMethod.Delete, $"/api/jobs/{id}");
        stale.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        using var staleResponse = await api.SendAsync(stale);
        Assert.Equal(HttpStatusCode.PreconditionFailed, staleResponse.StatusCode);

        using var deleted = await api.DeleteAsync(new Uri($"/api/jobs/{id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
    }

    [Fact]
    public async Task Types_and_preview_answer_without_saving_anything()
    {
        using var api = await ApiAsync();
        var types = await api.GetFromJsonAsync<JsonElement>(new Uri("/api/jobs/types", UriKind.Relative));
        Assert.Equal(["cleanup-completed-tasks", "export-tasks", "noop"], types.EnumerateArray().Select(t => t.GetProperty("name").GetString()).Order());

        using var preview = await api.PostAsync(new Uri("/api/jobs/preview", UriKind.Relative), Json("""{"schedule":{"kind":"cron","cron":"0 0 1 * *"}}"""));
        using var body = JsonDocument.Parse(await preview.Content.ReadAsStringAsync());
        var runs = body.RootElement.GetProperty("nextRuns").EnumerateArray().Select(r => r.GetDateTimeOffset()).ToList();
        Assert.Equal(5, runs.Count);
        Assert.All(runs, r => Assert.Equal(1, r.UtcDateTime.Day));
    }
}
