using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Integration.Auth;

[Trait(Category.Name, Category.Integration)]
public sealed class MemberAndTeamTests(AuthAppFixture app) : IClassFixture<AuthAppFixture>
{
    [Fact]
    public async Task Members_lists_everyone_with_role_and_email()
    {
        using var owner = await app.CreateClient().SignUpAsync();
        using var member = await app.CreateClient().SignUpAsync();
        var id = await owner.CreateOrganizationAsync();
        await owner.AddMemberAsync(id, member);

        var members = await HttpAssertions.ReadAsync<JsonElement[]>(await member.Http.GetAsync(Url($"/api/auth/organizations/{id}/members")), HttpStatusCode.OK);
        Assert.Equal(2, members.Length);
        Assert.Contains(members, m => m.GetProperty("email").GetString() == owner.Email && m.GetProperty("role").GetString() == "owner");
        Assert.Contains(members, m => m.GetProperty("email").GetString() == member.Email && m.GetProperty("role").GetString() == "member");
    }

    [Fact]
    public async Task The_last_owner_cannot_leave_or_be_demoted_or_removed()
    {
        using var owner = await app.CreateClient().SignUpAsync();
        var id = await owner.CreateOrganizationAsync();

        await (await owner.Http.PostAsync(Url($"/api/auth/organizations/{id}/leave"), null)).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await owner.Http.PatchAsJsonAsync($"/api/auth/organizations/{id}/members/{owner.UserId}", new { role = "admin" }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        await (await owner.Http.DeleteAsync(Url($"/api/auth/organizations/{id}/members/{owner.UserId}"))).AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task With_a_second_owner_the_first_can_leave()
    {
        using var owner = await app.CreateClient().SignUpAsync();
        using var successor = await app.CreateClient().SignUpAsync();
        var id = await owner.CreateOrganizationAsync();
        await owner.AddMemberAsync(id, successor, "owner");

        await (await owner.Http.PostAsync(Url($"/api/auth/organizations/{id}/leave"), null)).EnsureStatusAsync(HttpStatusCode.NoContent);
        await (await owner.Http.GetAsync(Url($"/api/auth/organizations/{id}"))).AssertProblemAsync(HttpStatusCode.NotFound);
        var members = await HttpAssertions.ReadAsync<JsonElement[]>(await successor.Http.GetAsync(Url($"/api/auth/organizations/{id}/members")), HttpStatusCode.OK);
        Assert.Equal("owner", Assert.Single(members).GetProperty("role").GetString());
    }

    [Fact]
    public async Task A_member_leaves_and_the_active_organization_is_cleared_from_the_token()
    {
        using var owner = await app.CreateClient().SignUpAsync();
        using var member = await app.CreateClient().SignUpAsync();
        var id = await owner.CreateOrganizationAsync();
        await owner.AddMemberAsync(id, member);
        await (await member.Http.PostAsync(Url($"/api/auth/organizations/{id}/activate"), null)).EnsureStatusAsync(HttpStatusCode.OK);

        await (await member.Http.PostAsync(Url($"/api/auth/organizations/{id}/leave"), null)).EnsureStatusAsync(HttpStatusCode.NoContent);
        Assert.False(JwtParts.Payload(await member.GetAccessTokenAsync()).TryGetProperty("org_id", out _));
    }

    [Fact]
    public async Task Owner_promotes_and_demotes_and_admin_cannot_touch_owners()
    {
        using var owner = await app.CreateClient().SignUpAsync();
        using var admin = await app.CreateClient().SignUpAsync();
        using var member = await app.CreateClient().SignUpAsync();
        var id = await owner.CreateOrganizationAsync();
        await owner.AddMemberAsync(id, admin, "admin");
        await owner.AddMemberAsync(id, member);

        var promoted = await HttpAssertions.ReadAsync<JsonElement>(
            await admin.Http.PatchAsJsonAsync($"/api/auth/organizations/{id}/members/{member.UserId}", new { role = "admin" }), HttpStatusCode.OK);
        Assert.Equal("admin", promoted.GetProperty("role").GetString());

        await (await admin.Http.PatchAsJsonAsync($"/api/auth/organizations/{id}/members/{member.UserId}", new { role = "owner" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await admin.Http.PatchAsJsonAsync($"/api/auth/organizations/{id}/members/{owner.UserId}", new { role = "member" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await admin.Http.DeleteAsync(Url($"/api/auth/organizations/{id}/members/{owner.UserId}"))).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await owner.Http.PatchAsJsonAsync($"/api/auth/organizations/{id}/members/{member.UserId}", new { role = "boss" }))
            .AssertValidationProblemAsync("role");
        await (await owner.Http.PatchAsJsonAsync($"/api/auth/organizations/{id}/members/{Guid.NewGuid()}", new { role = "admin" }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_member_cannot_change_roles_or_remove_members()
    {
        using var owner = await app.CreateClient().SignUpAsync();
        using var member = await app.CreateClient().SignUpAsync();
        using var other = await app.CreateClient().SignUpAsync();
        var id = await owner.CreateOrganizationAsync();
        await owner.AddMemberAsync(id, member);
        await owner.AddMemberAsync(id, other);

        await (await member.Http.PatchAsJsonAsync($"/api/auth/organizations/{id}/members/{other.UserId}", new { role = "admin" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await member.Http.DeleteAsync(Url($"/api/auth/organizations/{id}/members/{other.UserId}"))).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Admin_removes_a_member_who_then_loses_access()
    {
        using var owner = await app.CreateClient().SignUpAsync();
        using var admin = await app.CreateClient().SignUpAsync();
        using var member = await app.CreateClient().SignUpAsync();
        var id = await owner.CreateOrganizationAsync();
        await owner.AddMemberAsync(id, admin, "admin");
        await owner.AddMemberAsync(id, member);

        await (await admin.Http.DeleteAsync(Url($"/api/auth/organizations/{id}/members/{member.UserId}"))).EnsureStatusAsync(HttpStatusCode.NoContent);
        await (await member.Http.GetAsync(Url($"/api/auth/organizations/{id}"))).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await admin.Http.DeleteAsync(Url($"/api/auth/organizations/{id}/members/{member.UserId}"))).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Teams_are_created_renamed_staffed_and_deleted_by_admins()
    {
        using var owner = await app.CreateClient().SignUpAsync();
        using var admin = await app.CreateClient().SignUpAsync();
        using var member = await app.CreateClient().SignUpAsync();
        var id = await owner.CreateOrganizationAsync();
        await owner.AddMemberAsync(id, admin, "admin");
        await owner.AddMemberAsync(id, member);

        var team = await HttpAssertions.ReadAsync<JsonElement>(
            await admin.Http.PostAsJsonAsync($"/api/auth/organizations/{id}/teams", new { name = "Platform" }), HttpStatusCode.Created);
        var teamId = team.GetProperty("id").GetGuid();
        await (await admin.Http.PostAsJsonAsync($"/api/auth/organizations/{id}/teams", new { name = "Platform" })).AssertProblemAsync(HttpStatusCode.Conflict);

        var renamed = await HttpAssertions.ReadAsync<JsonElement>(
            await admin.Http.PatchAsJsonAsync($"/api/auth/organizations/{id}/teams/{teamId}", new { name = "Core" }), HttpStatusCode.OK);
        Assert.Equal("Core", renamed.GetProperty("name").GetString());

        await (await admin.Http.PostAsJsonAsync($"/api/auth/organizations/{id}/teams/{teamId}/members", new { userId = member.UserId }))
            .EnsureStatusAsync(HttpStatusCode.Created);
        await (await admin.Http.PostAsJsonAsync($"/api/auth/organizations/{id}/teams/{teamId}/members", new { userId = member.UserId }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        var teams = await HttpAssertions.ReadAsync<JsonElement[]>(await member.Http.GetAsync(Url($"/api/auth/organizations/{id}/teams")), HttpStatusCode.OK);
        Assert.Equal(member.UserId, Assert.Single(Assert.Single(teams).GetProperty("memberIds").EnumerateArray()).GetGuid());

        await (await admin.Http.DeleteAsync(Url($"/api/auth/organizations/{id}/teams/{teamId}/members/{member.UserId}")))
            .EnsureStatusAsync(HttpStatusCode.NoContent);
        await (await admin.Http.DeleteAsync(Url($"/api/auth/organizations/{id}/teams/{teamId}/members/{member.UserId}")))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        await (await admin.Http.DeleteAsync(Url($"/api/auth/organizations/{id}/teams/{teamId}"))).EnsureStatusAsync(HttpStatusCode.NoContent);
        await (await admin.Http.DeleteAsync(Url($"/api/auth/organizations/{id}/teams/{teamId}"))).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Teams_reject_members_writing_invalid_names_and_outsiders()
    {
        using var owner = await app.CreateClient().SignUpAsync();
        using var member = await app.CreateClient().SignUpAsync();
        using var outsider = await app.CreateClient().SignUpAsync();
        var id = await owner.CreateOrganizationAsync();
        await owner.AddMemberAsync(id, member);

        await (await member.Http.PostAsJsonAsync($"/api/auth/organizations/{id}/teams", new { name = "Mine" })).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await outsider.Http.GetAsync(Url($"/api/auth/organizations/{id}/teams"))).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await owner.Http.PostAsJsonAsync($"/api/auth/organizations/{id}/teams", new { name = "" })).AssertValidationProblemAsync("name");

        var team = await HttpAssertions.ReadAsync<JsonElement>(
            await owner.Http.PostAsJsonAsync($"/api/auth/organizations/{id}/teams", new { name = "Ops" }), HttpStatusCode.Created);
        var teamId = team.GetProperty("id").GetGuid();
        await (await owner.Http.PostAsJsonAsync($"/api/auth/organizations/{id}/teams/{teamId}/members", new { userId = outsider.UserId }))
            .AssertValidationProblemAsync("userId");
        await (await member.Http.PatchAsJsonAsync($"/api/auth/organizations/{id}/teams/{teamId}", new { name = "Hijack" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await owner.Http.PatchAsJsonAsync($"/api/auth/organizations/{id}/teams/{Guid.NewGuid()}", new { name = "Ghost" }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
    }

    private static Uri Url(string path) => new(path, UriKind.Relative);
}
