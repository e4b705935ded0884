using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Platform.Tests.Infrastructure;
using Platform.Tests.Integration.Api;
using Platform.Tests.Integration.Auth;
using Platform.Worker;

namespace Platform.Tests.Integration.Jobs;

/// <summary>
/// <c>export-tasks</c> end to end: created and fired through the API, run by a real worker on the API's database and
/// bucket, its file read back through the files API.
/// </summary>
[Trait(Category.Name, Category.Integration)]
[Collection(JobsApiCollection.Name)]
public sealed class JobExportApiTests(ApiStack stack) : IAsyncLifetime
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(30);
    private WebApplicationFactory<WorkerApp> _worker = null!;

    public async Task InitializeAsync() =>
        _worker = await JobsCluster.StartWorkerAsync(stack.PlatformDbConnectionString, "export-worker", new Dictionary<string, string?>
        {
            ["ConnectionStrings:storage"] = stack.Storage.ConnectionString,
            ["Storage:Bucket"] = stack.Bucket,
        });

    public Task DisposeAsync() => _worker.DisposeWithinLimitAsync("the export worker");

    [Theory]
    [InlineData("csv", "text/csv")]
    [InlineData("json", "application/json")]
    public async Task Export_tasks_produces_a_file_of_the_callers_with_their_tasks_only(string format, string contentType)
    {
        using var alice = await stack.SignUpAsync("alice");
        using var bob = await stack.SignUpAsync("bob");
        using var aliceApi = await stack.ApiAsync(alice);
        using var bobApi = await stack.ApiAsync(bob);
        await aliceApi.CreateTaskAsync($"alice-task-{format}", "=1+1, \"quoted\"");
        await bobApi.CreateTaskAsync($"bob-secret-{format}");

        var job = await aliceApi.CreateJobAsync($$$"""
            {"name":"export","type":"export-tasks","schedule":{"kind":"interval","intervalSeconds":3600},"enabled":false,"payload":{"format":"{{{format}}}"}}
            """);
        using (var run = await aliceApi.PostAsync(JobsApi.Path($"/api/jobs/{job}/run"), null))
        {
            await run.EnsureStatusAsync(HttpStatusCode.Accepted);
        }
        var finished = await WaitForRunAsync(aliceApi, job);
        Assert.Equal("succeeded", finished.GetProperty("status").GetString());
        Assert.Equal("export-worker", finished.GetProperty("workerInstance").GetString());

        // The run's output is the id of a file the caller owns: listed, described, downloadable.
        var fileId = Guid.Parse(finished.GetProperty("output").GetString()!);
        var listed = Assert.Single((await aliceApi.GetJsonAsync("/api/files")).GetProperty("items").EnumerateArray(),
            f => f.GetProperty("id").GetGuid() == fileId);
        Assert.Matches($@"^tasks-\d{{8}}-\d{{6}}\.{format}$", listed.GetProperty("name").GetString());
        Assert.Equal(contentType, listed.GetProperty("contentType").GetString());

        using var content = await aliceApi.GetAsync(JobsApi.Path($"/api/files/{fileId}/content"));
        await content.EnsureStatusAsync(HttpStatusCode.OK);
        Assert.Equal(contentType, content.Content.Headers.ContentType?.MediaType);
        var text = await content.Content.ReadAsStringAsync();
        Assert.Contains($"alice-task-{format}", text, StringComparison.Ordinal);
        Assert.DoesNotContain("bob-secret", text, StringComparison.Ordinal);
        if (format == "json")
        {
            var exported = Assert.Single(JsonDocument.Parse(text).RootElement.EnumerateArray());
            Assert.Equal("=1+1, \"quoted\"", exported.GetProperty("description").GetString());
        }
        else
        {
            // One header line and one task; a leading '=' is neutralised so a spreadsheet does not evaluate it.
            Assert.Equal(2, text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
            Assert.Contains("\"'=1+1, \"\"quoted\"\"\"", text, StringComparison.Ordinal);
        }

        // Another tenant neither sees nor downloads it.
        Assert.DoesNotContain((await bobApi.GetJsonAsync("/api/files")).GetProperty("items").EnumerateArray(), f => f.GetProperty("id").GetGuid() == fileId);
        using var peek = await bobApi.GetAsync(JobsApi.Path($"/api/files/{fileId}/content"));
        await peek.AssertProblemWithRequestIdAsync(HttpStatusCode.NotFound);
    }

    private static async Task<JsonElement> WaitForRunAsync(HttpClient api, Guid job)
    {
        JsonElement? finished = null;
        await Poll.UntilAsync(async () =>
        {
            var runs = (await api.GetJsonAsync($"/api/jobs/{job}/runs")).GetProperty("items").EnumerateArray().ToList();
            finished = runs.Count == 1 && runs[0].GetProperty("status").GetString() != "running" ? runs[0].Clone() : null;
            return finished is not null;
        }, RunTimeout, "the export run finished");
        return finished!.Value;
    }
}
