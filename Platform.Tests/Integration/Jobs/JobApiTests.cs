using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Tests.Infrastructure;
using Platform.Tests.Integration.Api;
using Platform.Tests.Integration.Auth;

namespace Platform.Tests.Integration.Jobs;

/// <summary>The jobs endpoints through the real API, authenticated by a real auth service: answers and unhappy paths.</summary>
[Trait(Category.Name, Category.Integration)]
[Collection(JobsApiCollection.Name)]
public sealed class JobApiTests(ApiStack stack)
{
    private static StringContent Json(string json) => JobsApi.Json(json);

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
    // A lone surrogate cannot be decoded, a tzdata folder is not a zone, an out-of-range cron field is not '*':
    // each was a 500 (or, for the cron, a job firing every minute).
    [InlineData("""{"name":"\ud800","type":"noop","schedule":{"kind":"interval","intervalSeconds":60}}""", "name")]
    [InlineData("""{"name":"x","type":"\ud800","schedule":{"kind":"interval","intervalSeconds":60}}""", "type")]
    [InlineData("""{"name":"x","type":"noop","schedule":{"kind":"cron","cron":"0 9 * * *","timeZone":"\udc00"}}""", "schedule.timeZone")]
    [InlineData("""{"name":"x","type":"export-tasks","schedule":{"kind":"interval","intervalSeconds":60},"payload":{"format":"\ud800"}}""", "payload.format")]
    [InlineData("""{"name":"x","type":"noop","schedule":{"kind":"cron","cron":"0 9 * * *","timeZone":"America"}}""", "schedule.timeZone")]
    [InlineData("""{"name":"x","type":"noop","schedule":{"kind":"cron","cron":"99 * * * *"}}""", "schedule.cron")]
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

    [Theory]
    [InlineData("/api/jobs?limit=0", "limit")]
    [InlineData("/api/jobs?limit=101", "limit")]
    [InlineData("/api/jobs?limit=abc", "limit")]
    [InlineData("/api/jobs?limit=1e309", "limit")]
    [InlineData("/api/jobs?cursor=not-a-cursor", "cursor")]
    // The unsigned cursor jobs used to issue (base64url of a job id) is no longer accepted.
    [InlineData("/api/jobs?cursor=AZq3bFmBcK2Qn1xQe4Jb9w", "cursor")]
    [InlineData("/api/jobs?cursor=AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "cursor")]
    [InlineData("/api/jobs/{id}/runs?limit=0", "limit")]
    [InlineData("/api/jobs/{id}/runs?cursor=not-a-cursor", "cursor")]
    public async Task Invalid_list_parameters_return_400_naming_the_field(string path, string field)
    {
        using var api = await ApiAsync();
        var id = await api.CreateJobAsync();
        using var response = await api.GetAsync(JobsApi.Path(path.Replace("{id}", id.ToString(), StringComparison.Ordinal)));
        await response.AssertValidationProblemAsync(field);
    }

    [Fact]
    public async Task A_jobs_cursor_edited_by_one_bit_used_by_another_tenant_or_on_another_list_is_a_400_naming_cursor()
    {
        using var api = await ApiAsync();
        for (var i = 0; i < 3; i++)
        {
            await api.CreateJobAsync();
        }
        var cursor = (await api.GetJsonAsync("/api/jobs?limit=1")).GetProperty("nextCursor").GetString()!;
        using (var valid = await api.GetAsync(JobsApi.Path("/api/jobs?limit=1&cursor=" + cursor)))
        {
            await valid.EnsureStatusAsync(HttpStatusCode.OK);
        }

        using var tampered = await api.GetAsync(JobsApi.Path("/api/jobs?cursor=" + FlipBit(cursor, 5)));
        await tampered.AssertValidationProblemAsync("cursor");

        using var other = await ApiAsync("other");
        using var foreign = await other.GetAsync(JobsApi.Path("/api/jobs?cursor=" + cursor));
        await foreign.AssertValidationProblemAsync("cursor");

        var job = await api.CreateJobAsync();
        using var elsewhere = await api.GetAsync(JobsApi.Path($"/api/jobs/{job}/runs?cursor={cursor}"));
        await elsewhere.AssertValidationProblemAsync("cursor");
    }

    [Fact]
    public async Task Run_history_pages_newest_first_and_its_cursor_only_continues_the_same_jobs_runs()
    {
        using var api = await ApiAsync();
        var job = await api.CreateJobAsync();
        var otherJob = await api.CreateJobAsync();
        var runs = await AddRunsAsync(job, 5);

        var seen = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await api.GetJsonAsync($"/api/jobs/{job}/runs?limit=2" + (cursor is null ? "" : "&cursor=" + cursor));
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetGuid()));
            cursor = page.GetProperty("nextCursor").GetString();
            if (cursor is not null)
            {
                using var tampered = await api.GetAsync(JobsApi.Path($"/api/jobs/{job}/runs?cursor={FlipBit(cursor, 12)}"));
                await tampered.AssertValidationProblemAsync("cursor");
                using var onOtherJob = await api.GetAsync(JobsApi.Path($"/api/jobs/{otherJob}/runs?cursor={cursor}"));
                await onOtherJob.AssertValidationProblemAsync("cursor");
                using var onJobList = await api.GetAsync(JobsApi.Path($"/api/jobs?cursor={cursor}"));
                await onJobList.AssertValidationProblemAsync("cursor");
            }
        }
        while (cursor is not null);

        Assert.Equal(Enumerable.Reverse(runs), seen);
    }

    [Fact]
    public async Task Another_tenants_job_answers_404_on_every_endpoint_and_stays_unchanged()
    {
        using var owner = await ApiAsync("owner");
        var id = await owner.CreateJobAsync();
        using var other = await ApiAsync("other");

        foreach (var call in JobsApi.Reads(id).Concat(JobsApi.Writes(id)).Where(c => c.Path.Contains(id.ToString(), StringComparison.Ordinal)))
        {
            using var response = await other.SendAsync(call);
            await response.AssertProblemWithRequestIdAsync(HttpStatusCode.NotFound);
        }

        var job = await owner.GetJsonAsync($"/api/jobs/{id}");
        Assert.Equal("paused noop", job.GetProperty("name").GetString());
        Assert.False(job.GetProperty("enabled").GetBoolean());
        Assert.Empty((await owner.GetJsonAsync($"/api/jobs/{id}/runs")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task An_unknown_job_id_answers_404_and_a_malformed_one_does_not_match_a_route()
    {
        using var api = await ApiAsync();
        var unknown = Guid.CreateVersion7();
        foreach (var call in JobsApi.Reads(unknown).Concat(JobsApi.Writes(unknown)).Where(c => c.Path.Contains(unknown.ToString(), StringComparison.Ordinal)))
        {
            using var response = await api.SendAsync(call);
            await response.AssertProblemWithRequestIdAsync(HttpStatusCode.NotFound);
        }
        using var malformed = await api.GetAsync(JobsApi.Path("/api/jobs/not-a-guid"));
        await malformed.AssertProblemWithRequestIdAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{"schedule":{"kind":"cron","cron":"61 * * * *"}}""", "schedule.cron")]
    [InlineData("""{"schedule":{"kind":"interval","intervalSeconds":0}}""", "schedule.intervalSeconds")]
    [InlineData("""{"schedule":{"kind":"hourly"}}""", "schedule.kind")]
    [InlineData("""{"payload":{"durationMs":-1}}""", "payload.durationMs")]
    [InlineData("""{"name":""}""", "name")]
    [InlineData("""{"enabled":"yes"}""", "enabled")]
    [InlineData("""{"name":""", "body")]
    [InlineData("""[1,2]""", "body")]
    public async Task A_bad_patch_is_a_400_naming_the_field_and_changes_nothing(string json, string field)
    {
        using var api = await ApiAsync();
        var id = await api.CreateJobAsync();
        using var response = await api.PatchAsync(JobsApi.Path($"/api/jobs/{id}"), Json(json));
        await response.AssertValidationProblemAsync(field);

        using var stored = await api.GetAsync(JobsApi.Path($"/api/jobs/{id}"));
        Assert.Equal("\"1\"", stored.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task A_patch_with_a_stale_etag_is_a_412_and_the_current_etag_succeeds()
    {
        using var api = await ApiAsync();
        var id = await api.CreateJobAsync();
        using (var first = await api.PatchAsync(JobsApi.Path($"/api/jobs/{id}"), Json("""{"name":"first"}""")))
        {
            Assert.Equal("\"2\"", first.Headers.ETag?.Tag);
        }

        foreach (var tag in new[] { "\"1\"", "\"not-a-version\"", ",", " , " })
        {
            using var stale = new HttpRequestMessage(HttpMethod.Patch, $"/api/jobs/{id}") { Content = Json("""{"name":"second"}""") };
            stale.Headers.TryAddWithoutValidation("If-Match", tag);
            using var rejected = await api.SendAsync(stale);
            await rejected.AssertProblemWithRequestIdAsync(HttpStatusCode.PreconditionFailed);
        }

        using var current = new HttpRequestMessage(HttpMethod.Patch, $"/api/jobs/{id}") { Content = Json("""{"name":"second"}""") };
        current.Headers.TryAddWithoutValidation("If-Match", "\"2\"");
        using var accepted = await api.SendAsync(current);
        var job = await HttpAssertions.ReadAsync<JsonElement>(accepted, HttpStatusCode.OK);
        Assert.Equal("second", job.GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("/api/jobs/preview", """{"schedule":{"kind":"cron","cron":"* * * * 8"}}""", "schedule.cron")]
    [InlineData("/api/jobs/preview", """{"schedule":{"kind":"once","runAt":"2001-01-01T00:00:00Z"}}""", "schedule.runAt")]
    [InlineData("/api/jobs/preview", """{}""", "schedule")]
    [InlineData("/api/jobs/preview", """{"schedule":{"kind":"\ud800"}}""", "schedule.kind")]
    [InlineData("/api/jobs/preview", """{"schedule":{"kind":"cron","cron":"0 0 99 * *"}}""", "schedule.cron")]
    [InlineData("/api/jobs/preview", """{"schedule":{"kind":"cron","cron":"0 3 * * *","timeZone":"Etc"}}""", "schedule.timeZone")]
    [InlineData("/api/jobs/preview", """{"schedule":""", "body")]
    [InlineData("/api/jobs", """{"name":"x","type":"noop",""", "body")]
    [InlineData("/api/jobs", "\"just a string\"", "body")]
    [InlineData("/api/jobs", """{"name":"x","type":"noop","schedule":{"kind":"interval","intervalSeconds":60},"enabled":1}""", "enabled")]
    public async Task A_bad_body_is_a_400_naming_the_field(string path, string json, string field)
    {
        using var api = await ApiAsync();
        using var response = await api.PostAsync(JobsApi.Path(path), Json(json));
        await response.AssertValidationProblemAsync(field);
    }

    [Fact]
    public async Task A_body_over_64_KiB_is_a_400_naming_body()
    {
        using var api = await ApiAsync();
        var json = $$$"""{"name":"x","type":"noop","schedule":{"kind":"interval","intervalSeconds":60},"payload":{"pad":"{{{new string('a', 70_000)}}}"}}""";
        using var response = await api.PostAsync(JobsApi.Path("/api/jobs"), Json(json));
        await response.AssertValidationProblemAsync("body");
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_415_problem()
    {
        using var api = await ApiAsync();
        var id = await api.CreateJobAsync();
        foreach (var (method, path) in new[] { (HttpMethod.Post, "/api/jobs"), (HttpMethod.Post, "/api/jobs/preview"), (HttpMethod.Patch, $"/api/jobs/{id}") })
        {
            using var request = new HttpRequestMessage(method, path) { Content = new StringContent("name=x", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded") };
            using var response = await api.SendAsync(request);
            await response.AssertProblemWithRequestIdAsync(HttpStatusCode.UnsupportedMediaType);
        }
    }

    private static string FlipBit(string cursor, int index)
    {
        var bytes = Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlDecode(cursor);
        bytes[index] ^= 1;
        return Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(bytes);
    }

    /// <summary>Records <paramref name="count"/> finished runs of a job, oldest first, as a worker would; returns their ids.</summary>
    private async Task<List<Guid>> AddRunsAsync(Guid jobId, int count)
    {
        var ids = new List<Guid>();
        await using var connection = new Npgsql.NpgsqlConnection(stack.PlatformDbConnectionString);
        await connection.OpenAsync();
        var start = DateTimeOffset.UtcNow.AddMinutes(-count);
        for (var i = 0; i < count; i++)
        {
            var startedAt = start.AddMinutes(i);
            var id = Guid.CreateVersion7(startedAt);
            await using var insert = new Npgsql.NpgsqlCommand(
                """
                INSERT INTO job_runs (id, job_id, status, attempt, started_at, finished_at, duration_ms, worker_instance, fire_instance_id)
                VALUES (@id, @job, 'succeeded', 1, @at, @at, 0, 'test', @fire)
                """, connection);
            insert.Parameters.AddWithValue("id", id);
            insert.Parameters.AddWithValue("job", jobId);
            insert.Parameters.AddWithValue("at", startedAt);
            insert.Parameters.AddWithValue("fire", $"test-{i}");
            await insert.ExecuteNonQueryAsync();
            ids.Add(id);
        }
        return ids;
    }
}
