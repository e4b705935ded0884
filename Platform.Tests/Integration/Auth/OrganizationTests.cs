using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Integration.Auth;

[Trait(Category.Name, Category.Integration)]
public sealed class OrganizationTests(AuthAppFixture app) : IClassFixture<AuthAppFixture>
{
    [Fact]
    public async Task Create_makes_the_creator_owner_and_lists_it_as_mine()
    {
        using var owner = await app.CreateClient().SignUpAsync();
        var slug = OrganizationDriver.NewSlug();
        var created = await HttpAssertions.ReadAsync<JsonElement>(
            await owner.Http.PostAsJsonAsync("/api/auth/organizations", new { name = "Acme Inc", slug }), HttpStatusCode.Created);
        Assert.Equal("owner", created.GetProperty("role").GetString());
        Assert.Equal(slug, created.GetProperty("slug").GetString());

        var mine = await HttpAssertions.ReadAsync<JsonElement[]>(await owner.Http.GetAsync(Url("/api/auth/organizations")), HttpStatusCode.OK);
        Assert.Single(mine, o => o.GetProperty("slug").GetString() == slug);
        var one = await HttpAssertions.ReadAsync<JsonElement>(
            await owner.Http.GetAsync(Url($"/api/auth/organizations/{created.GetProperty("id").GetGuid()}")), HttpStatusCode.OK);
        Assert.Equal("Acme Inc", one.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Create_with_a_taken_slug_returns_409()
    {
        using var first = await app.CreateClient().SignUpAsync();
        using var second = await app.CreateClient().SignUpAsync();
        var slug = OrganizationDriver.NewSlug();
        await first.CreateOrganizationAsync(slug: slug);
        await (await second.Http.PostAsJsonAsync("/api/auth/organizations", new { name = "Copy", slug }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("", "valid-slug", "name")]
    [InlineData("Name", "Not A Slug", "slug")]
    [InlineData("Name", null, "slug")]
    [InlineData("Name", "-edge", "slug")]
    public async Task Create_with_invalid_fields_returns_validation_problem(string name, string? slug, string field)
    {
        using var owner = await app.CreateClient().SignUpAsync();
        await (await owner.Http.PostAsJsonAsync("/api/auth/organizations", new { name, slug })).AssertValidationProblemAsync(field);
    }

    [Fact]
    public async Task Organizations_without_a_session_return_401()
    {
        using var anonymous = app.CreateClient();
        await (await anonymous.Http.GetAsync(Url("/api/auth/organizations"))).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.Http.PostAsJsonAsync("/api/auth/organizations", new { name = "x", slug = "xx" }))
            .AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_non_member_gets_404_for_every_organization_route()
    {
        using var owner = await app.CreateClient().SignUpAsync();
        using var stranger = await app.CreateClient().SignUpAsync();
        var id = await owner.CreateOrganizationAsync();

        await (await stranger.Http.GetAsync(Url($"/api/auth/organizations/{id}"))).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.Http.PatchAsJsonAsync($"/api/auth/organizations/{id}", new { name = "Mine" })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.Http.DeleteAsync(Url($"/api/auth/organizations/{id}"))).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.Http.PostAsync(Url($"/api/auth/organizations/{id}/activate"), null)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.Http.PostAsync(Url($"/api/auth/organizations/{id}/leave"), null)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.Http.GetAsync(Url($"/api/auth/organizations/{id}/members"))).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.Http.GetAsync(Url($"/api/auth/organizations/{id}/invitations"))).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.Http.GetAsync(Url($"/api/auth/organizations/{Guid.NewGuid()}"))).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Owner_updates_name_and_slug_and_a_taken_slug_returns_409()
    {
        using var owner = await app.CreateClient().SignUpAsync();
        var taken = OrganizationDriver.NewSlug();
        await owner.CreateOrganizationAsync(slug: taken);
        var id = await owner.CreateOrganizationAsync();

        var newSlug = OrganizationDriver.NewSlug();
        var updated = await HttpAssertions.ReadAsync<JsonElement>(
            await owner.Http.PatchAsJsonAsync($"/api/auth/organizations/{id}", new { name = "Renamed", slug = newSlug }), HttpStatusCode.OK);
        Assert.Equal("Renamed", updated.GetProperty("name").GetString());
        Assert.Equal(newSlug, updated.GetProperty("slug").GetString());

        await (await owner.Http.PatchAsJsonAsync($"/api/auth/organizations/{id}", new { slug = taken })).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await owner.Http.PatchAsJsonAsync($"/api/auth/organizations/{id}", new { slug = "BAD SLUG" })).AssertValidationProblemAsync("slug");
    }

    [Fact]
    public async Task Admins_and_members_cannot_update_or_delete_the_organization()
    {
        using var owner = await app.CreateClient().SignUpAsync();
        using var admin = await app.CreateClient().SignUpAsync();
        using var member = await app.CreateClient().SignUpAsync();
        var id = await owner.CreateOrganizationAsync();
        await owner.AddMemberAsync(id, admin, "admin");
        await owner.AddMemberAsync(id, member);

        foreach (var user in new[] { admin, member })
        {
            await (await user.Http.PatchAsJsonAsync($"/api/auth/organizations/{id}", new { name = "Taken over" })).AssertProblemAsync(HttpStatusCode.Forbidden);
            await (await user.Http.DeleteAsync(Url($"/api/auth/organizations/{id}"))).AssertProblemAsync(HttpStatusCode.Forbidden);
        }
    }

    [Fact]
    public async Task Owner_deletes_the_organization()
    {
        using var owner = await app.CreateClient().SignUpAsync();
        var id = await owner.CreateOrganizationAsync();
        await (await owner.Http.DeleteAsync(Url($"/api/auth/organizations/{id}"))).EnsureStatusAsync(HttpStatusCode.NoContent);
        await (await owner.Http.GetAsync(Url($"/api/auth/organizations/{id}"))).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Invite_accept_activate_puts_org_claims_in_the_next_token()
    {
        using var owner = await app.CreateClient().SignUpAsync();
        using var invitee = await app.CreateClient().SignUpAsync();
        var id = await owner.CreateOrganizationAsync();

        var invitationId = await owner.InviteAsync(id, invitee.Email.ToUpperInvariant(), "admin");
        var mine = await HttpAssertions.ReadAsync<JsonElement[]>(await invitee.Http.GetAsync(Url("/api/auth/invitations")), HttpStatusCode.OK);
        Assert.Single(mine, i => i.GetProperty("id").GetGuid() == invitationId);
        await invitee.AcceptAsync(invitationId);

        var activated = await HttpAssertions.ReadAsync<JsonElement>(
            await invitee.Http.PostAsync(Url($"/api/auth/organizations/{id}/activate"), null), HttpStatusCode.OK);
        Assert.Equal("admin", activated.GetProperty("role").GetString());

        var claims = JwtParts.Payload(await invitee.GetAccessTokenAsync());
        Assert.Equal(id.ToString(), claims.GetProperty("org_id").GetString());
        Assert.Equal("admin", claims.GetProperty("org_role").GetString());

        var session = await HttpAssertions.ReadAsync<JsonElement>(await invitee.Http.GetAsync(Url("/api/auth/session")), HttpStatusCode.OK);
        Assert.Equal(id, session.GetProperty("session").GetProperty("activeOrganizationId").GetGuid());
    }

    [Fact]
    public async Task A_member_can_read_but_cannot_invite()
    {
        using var owner = await app.CreateClient().SignUpAsync();
        using var member = await app.CreateClient().SignUpAsync();
        var id = await owner.CreateOrganizationAsync();
        await owner.AddMemberAsync(id, member);

        await (await member.Http.GetAsync(Url($"/api/auth/organizations/{id}/members"))).EnsureStatusAsync(HttpStatusCode.OK);
        await (await member.Http.GetAsync(Url($"/api/auth/organizations/{id}/invitations"))).EnsureStatusAsync(HttpStatusCode.OK);
        await (await member.Http.PostAsJsonAsync($"/api/auth/organizations/{id}/invitations", new { email = AuthClient.NewEmail() }))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_admin_can_invite_members_but_not_owners()
    {
        using var owner = await app.CreateClient().SignUpAsync();
        using var admin = await app.CreateClient().SignUpAsync();
        var id = await owner.CreateOrganizationAsync();
        await owner.AddMemberAsync(id, admin, "admin");

        await admin.InviteAsync(id, AuthClient.NewEmail());
        await (await admin.Http.PostAsJsonAsync($"/api/auth/organizations/{id}/invitations", new { email = AuthClient.NewEmail(), role = "owner" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Invitations_validate_email_and_role_and_refuse_duplicates_and_existing_members()
    {
        using var owner = await app.CreateClient().SignUpAsync();
        using var member = await app.CreateClient().SignUpAsync();
        var id = await owner.CreateOrganizationAsync();
        await owner.AddMemberAsync(id, member);

        await (await owner.Http.PostAsJsonAsync($"/api/auth/organizations/{id}/invitations", new { email = "nope" })).AssertValidationProblemAsync("email");
        await (await owner.Http.PostAsJsonAsync($"/api/auth/organizations/{id}/invitations", new { email = AuthClient.NewEmail(), role = "king" }))
            .AssertValidationProblemAsync("role");
        var email = AuthClient.NewEmail();
        await owner.InviteAsync(id, email);
        await (await owner.Http.PostAsJsonAsync($"/api/auth/organizations/{id}/invitations", new { email })).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await owner.Http.PostAsJsonAsync($"/api/auth/organizations/{id}/invitations", new { email = member.Email }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task An_invitation_for_another_email_cannot_be_accepted_or_rejected()
    {
        using var owner = await app.CreateClient().SignUpAsync();
        using var intruder = await app.CreateClient().SignUpAsync();
        var id = await owner.CreateOrganizationAsync();
        var invitationId = await owner.InviteAsync(id, AuthClient.NewEmail("someone-else"));

        await (await intruder.Http.PostAsync(Url($"/api/auth/invitations/{invitationId}/accept"), null)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await intruder.Http.PostAsync(Url($"/api/auth/invitations/{invitationId}/reject"), null)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await intruder.Http.GetAsync(Url($"/api/auth/organizations/{id}"))).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await intruder.Http.PostAsync(Url($"/api/auth/invitations/{Guid.NewGuid()}/accept"), null)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Reject_declines_and_a_decided_invitation_cannot_be_accepted()
    {
        using var owner = await app.CreateClient().SignUpAsync();
        using var invitee = await app.CreateClient().SignUpAsync();
        var id = await owner.CreateOrganizationAsync();
        var invitationId = await owner.InviteAsync(id, invitee.Email);

        var rejected = await HttpAssertions.ReadAsync<JsonElement>(
            await invitee.Http.PostAsync(Url($"/api/auth/invitations/{invitationId}/reject"), null), HttpStatusCode.OK);
        Assert.Equal("rejected", rejected.GetProperty("status").GetString());
        await (await invitee.Http.PostAsync(Url($"/api/auth/invitations/{invitationId}/accept"), null)).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await invitee.Http.GetAsync(Url($"/api/auth/organizations/{id}"))).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Cancel_invitation_by_owner_and_not_by_member()
    {
        using var owner = await app.CreateClient().SignUpAsync();
        using var member = await app.CreateClient().SignUpAsync();
        using var invitee = await app.CreateClient().SignUpAsync();
        var id = await owner.CreateOrganizationAsync();
        await owner.AddMemberAsync(id, member);
        var invitationId = await owner.InviteAsync(id, invitee.Email);

        await (await member.Http.DeleteAsync(Url($"/api/auth/organizations/{id}/invitations/{invitationId}"))).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await owner.Http.DeleteAsync(Url($"/api/auth/organizations/{id}/invitations/{invitationId}"))).EnsureStatusAsync(HttpStatusCode.NoContent);
        await (await owner.Http.DeleteAsync(Url($"/api/auth/organizations/{id}/invitations/{Guid.NewGuid()}"))).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await invitee.Http.PostAsync(Url($"/api/auth/invitations/{invitationId}/accept"), null)).AssertProblemAsync(HttpStatusCode.Conflict);
        var listed = await HttpAssertions.ReadAsync<JsonElement[]>(await owner.Http.GetAsync(Url($"/api/auth/organizations/{id}/invitations")), HttpStatusCode.OK);
        Assert.Equal("canceled", Assert.Single(listed, i => i.GetProperty("id").GetGuid() == invitationId).GetProperty("status").GetString());
    }

    private static Uri Url(string path) => new(path, UriKind.Relative);
}
