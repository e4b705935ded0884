using System.Net;
using System.Text.Json;
using Platform.Tests.Infrastructure;
using Platform.Tests.Integration.Api;
using Platform.Tests.Integration.Auth;

namespace Platform.Tests.Integration.Jobs;

/// <summary>Who may call which jobs endpoint: API key permissions (<c>jobs:read</c>, <c>jobs:write</c>) and organization roles.</summary>
[Trait(Category.Name, Category.Integration)]
[Collection(JobsApiCollection.Name)]
public sealed class JobApiAccessTests(ApiStack stack)
{
    [Fact]
    public async Task An_api_key_without_a_jobs_permission_gets_403_on_every_jobs_endpoint()
    {
        using var owner = await stack.SignUpAsync("keys");
        using var ownerApi = await stack.ApiAsync(owner);
        var id = await ownerApi.CreateJobAsync();
        var (_, key) = await ApiStack.CreateApiKeyAsync(owner, permissions: new Dictionary<string, string[]> { ["tasks"] = ["read"] });
        using var api = stack.ApiWithKey(key);

        foreach (var call in JobsApi.Reads(id).Concat(JobsApi.Writes(id)))
        {
            using var response = await api.SendAsync(call);
            await response.AssertProblemWithRequestIdAsync(HttpStatusCode.Forbidden);
        }

        // The key itself works where it is allowed, and the job is as it was.
        using (var tasks = await api.GetAsync(JobsApi.Path("/api/tasks")))
        {
            await tasks.EnsureStatusAsync(HttpStatusCode.OK);
        }
        await AssertUnchangedAsync(ownerApi, id);
    }

    [Fact]
    public async Task A_read_only_jobs_key_reads_jobs_but_gets_403_on_every_change_and_the_job_stays_as_it_was()
    {
        using var owner = await stack.SignUpAsync("keys");
        using var ownerApi = await stack.ApiAsync(owner);
        var id = await ownerApi.CreateJobAsync();
        var (_, key) = await ApiStack.CreateApiKeyAsync(owner, permissions: new Dictionary<string, string[]> { ["jobs"] = ["read"] });
        using var api = stack.ApiWithKey(key);

        foreach (var call in JobsApi.Reads(id))
        {
            using var response = await api.SendAsync(call);
            await response.EnsureStatusAsync(HttpStatusCode.OK);
        }
        Assert.Contains((await api.GetJsonAsync("/api/jobs")).GetProperty("items").EnumerateArray(), j => j.GetProperty("id").GetGuid() == id);

        foreach (var call in JobsApi.Writes(id))
        {
            using var response = await api.SendAsync(call);
            await response.AssertProblemWithRequestIdAsync(HttpStatusCode.Forbidden);
        }
        await AssertUnchangedAsync(ownerApi, id);
        Assert.Single((await ownerApi.GetJsonAsync("/api/jobs")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_jobs_write_key_may_create_and_control_jobs()
    {
        using var owner = await stack.SignUpAsync("keys");
        var (_, key) = await ApiStack.CreateApiKeyAsync(owner, permissions: new Dictionary<string, string[]> { ["jobs"] = ["read", "write"] });
        using var api = stack.ApiWithKey(key);

        var id = await api.CreateJobAsync();
        using (var resumed = await api.PostAsync(JobsApi.Path($"/api/jobs/{id}/resume"), null))
        {
            Assert.True((await HttpAssertions.ReadAsync<JsonElement>(resumed, HttpStatusCode.OK)).GetProperty("enabled").GetBoolean());
        }
        using var deleted = await api.DeleteAsync(JobsApi.Path($"/api/jobs/{id}"));
        await deleted.EnsureStatusAsync(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task An_org_member_reads_a_job_someone_else_created_but_gets_403_on_changing_it_while_the_owner_can()
    {
        using var owner = await stack.SignUpAsync("owner");
        using var member = await stack.SignUpAsync("member");
        var orgId = await OrganizationTasksTests.CreateOrganizationAsync(owner);
        await OrganizationTasksTests.AddMemberAsync(owner, member, orgId);
        await OrganizationTasksTests.ActivateAsync(owner, orgId);
        await OrganizationTasksTests.ActivateAsync(member, orgId);
        using var ownerApi = await stack.ApiAsync(owner);
        using var memberApi = await stack.ApiAsync(member);
        var id = await ownerApi.CreateJobAsync();

        foreach (var call in JobsApi.Reads(id))
        {
            using var response = await memberApi.SendAsync(call);
            await response.EnsureStatusAsync(HttpStatusCode.OK);
        }
        foreach (var call in JobsApi.Writes(id).Where(c => c.Path.Contains(id.ToString(), StringComparison.Ordinal)))
        {
            using var response = await memberApi.SendAsync(call);
            await response.AssertProblemWithRequestIdAsync(HttpStatusCode.Forbidden);
        }
        await AssertUnchangedAsync(ownerApi, id);

        // The member's own org job is theirs to change; the owner may change it too.
        var membersJob = await memberApi.CreateJobAsync();
        using (var own = await memberApi.PatchAsync(JobsApi.Path($"/api/jobs/{membersJob}"), JobsApi.Json("""{"name":"mine"}""")))
        {
            await own.EnsureStatusAsync(HttpStatusCode.OK);
        }
        using var byOwner = await ownerApi.DeleteAsync(JobsApi.Path($"/api/jobs/{membersJob}"));
        await byOwner.EnsureStatusAsync(HttpStatusCode.NoContent);
    }

    private static async Task AssertUnchangedAsync(HttpClient ownerApi, Guid id)
    {
        using var response = await ownerApi.GetAsync(JobsApi.Path($"/api/jobs/{id}"));
        var job = await HttpAssertions.ReadAsync<JsonElement>(response, HttpStatusCode.OK);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        Assert.Equal("paused noop", job.GetProperty("name").GetString());
        Assert.False(job.GetProperty("enabled").GetBoolean());
        Assert.Empty((await ownerApi.GetJsonAsync($"/api/jobs/{id}/runs")).GetProperty("items").EnumerateArray());
    }
}
