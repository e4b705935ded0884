using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Tests.Infrastructure;
using Platform.Tests.Integration.Auth;

namespace Platform.Tests.Integration.Api;

[Trait(Category.Name, Category.Integration)]
public sealed class OrganizationTasksTests(ApiStack stack) : IClassFixture<ApiStack>
{
    [Fact]
    public async Task Org_tasks_are_visible_to_members_only_and_switching_the_active_org_switches_the_list()
    {
        using var owner = await stack.SignUpAsync("owner");
        using var member = await stack.SignUpAsync("member");
        using var outsider = await stack.SignUpAsync("outsider");
        var orgId = await CreateOrganizationAsync(owner);
        await AddMemberAsync(owner, member, orgId);

        // Personal task first, then the same user acting for the organization.
        using (var personal = await stack.ApiAsync(owner))
        {
            await personal.CreateTaskAsync("owner personal");
        }
        await ActivateAsync(owner, orgId);
        using var ownerOrgApi = await stack.ApiAsync(owner);
        var orgTask = (await ownerOrgApi.CreateTaskAsync("org task")).GetProperty("id").GetGuid();
        Assert.Equal(["org task"], (await ownerOrgApi.ListTasksAsync()).Titles());

        await ActivateAsync(member, orgId);
        using var memberApi = await stack.ApiAsync(member);
        Assert.Equal(["org task"], (await memberApi.ListTasksAsync()).Titles());

        using var outsiderApi = await stack.ApiAsync(outsider);
        Assert.Empty((await outsiderApi.ListTasksAsync()).Titles());
        using (var peek = await outsiderApi.GetAsync(new Uri($"/api/tasks/{orgTask}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, peek.StatusCode);
        }

        // A second organization: its list is empty; the first one's tasks stay behind.
        var otherOrg = await CreateOrganizationAsync(owner);
        await ActivateAsync(owner, otherOrg);
        using var ownerOtherApi = await stack.ApiAsync(owner);
        Assert.Empty((await ownerOtherApi.ListTasksAsync()).Titles());
        using (var crossOrg = await ownerOtherApi.GetAsync(new Uri($"/api/tasks/{orgTask}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, crossOrg.StatusCode);
        }

        var me = await ownerOtherApi.GetFromJsonAsync<JsonElement>(new Uri("/api/me", UriKind.Relative));
        Assert.Equal(otherOrg.ToString(), me.GetProperty("organizationId").GetString());
        Assert.Equal("owner", me.GetProperty("organizationRole").GetString());
    }

    [Fact]
    public async Task A_member_reads_but_cannot_change_a_task_created_by_someone_else_while_the_owner_can()
    {
        using var owner = await stack.SignUpAsync("owner");
        using var member = await stack.SignUpAsync("member");
        var orgId = await CreateOrganizationAsync(owner);
        await AddMemberAsync(owner, member, orgId);
        await ActivateAsync(owner, orgId);
        await ActivateAsync(member, orgId);
        using var ownerApi = await stack.ApiAsync(owner);
        using var memberApi = await stack.ApiAsync(member);

        var ownersTask = (await ownerApi.CreateTaskAsync("owner's")).GetProperty("id").GetGuid();
        var membersTask = (await memberApi.CreateTaskAsync("member's")).GetProperty("id").GetGuid();

        using (var read = await memberApi.GetAsync(new Uri($"/api/tasks/{ownersTask}", UriKind.Relative)))
        {
            await read.EnsureStatusAsync(HttpStatusCode.OK);
        }
        using (var change = await memberApi.PatchAsync(new Uri($"/api/tasks/{ownersTask}", UriKind.Relative), TaskApiTests.Json(new { title = "x" })))
        {
            await change.AssertProblemWithRequestIdAsync(HttpStatusCode.Forbidden);
        }
        using (var delete = await memberApi.DeleteAsync(new Uri($"/api/tasks/{ownersTask}", UriKind.Relative)))
        {
            await delete.AssertProblemWithRequestIdAsync(HttpStatusCode.Forbidden);
        }
        using (var own = await memberApi.PatchAsync(new Uri($"/api/tasks/{membersTask}", UriKind.Relative), TaskApiTests.Json(new { title = "mine, changed" })))
        {
            await own.EnsureStatusAsync(HttpStatusCode.OK);
        }
        using (var byOwner = await ownerApi.PatchAsync(new Uri($"/api/tasks/{membersTask}", UriKind.Relative), TaskApiTests.Json(new { status = "completed" })))
        {
            await byOwner.EnsureStatusAsync(HttpStatusCode.OK);
        }
    }

    internal static async Task<Guid> CreateOrganizationAsync(AuthClient owner)
    {
        var slug = "org-" + Guid.NewGuid().ToString("N")[..12];
        using var response = await owner.Http.PostAsJsonAsync("/api/auth/organizations", new { name = "Org " + slug, slug });
        return (await HttpAssertions.ReadAsync<JsonElement>(response, HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    internal static async Task AddMemberAsync(AuthClient owner, AuthClient member, Guid orgId)
    {
        using var invite = await owner.Http.PostAsJsonAsync($"/api/auth/organizations/{orgId}/invitations", new { email = member.Email, role = "member" });
        var invitation = (await HttpAssertions.ReadAsync<JsonElement>(invite, HttpStatusCode.Created)).GetProperty("id").GetGuid();
        using var accept = await member.Http.PostAsync(new Uri($"/api/auth/invitations/{invitation}/accept", UriKind.Relative), null);
        await accept.EnsureStatusAsync(HttpStatusCode.OK);
    }

    internal static async Task ActivateAsync(AuthClient user, Guid orgId)
    {
        using var response = await user.Http.PostAsync(new Uri($"/api/auth/organizations/{orgId}/activate", UriKind.Relative), null);
        await response.EnsureStatusAsync(HttpStatusCode.OK);
    }
}
