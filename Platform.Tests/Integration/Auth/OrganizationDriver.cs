using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Platform.Tests.Integration.Auth;

/// <summary>Arranges organizations, invitations and memberships through the HTTP API.</summary>
public static class OrganizationDriver
{
    public static string NewSlug(string prefix = "org") => $"{prefix}-{Guid.NewGuid():N}"[..24];

    public static async Task<Guid> CreateOrganizationAsync(this AuthClient owner, string name = "Acme", string? slug = null)
    {
        var body = await HttpAssertions.ReadAsync<JsonElement>(
            await owner.Http.PostAsJsonAsync("/api/auth/organizations", new { name, slug = slug ?? NewSlug() }), HttpStatusCode.Created);
        return body.GetProperty("id").GetGuid();
    }

    public static async Task<Guid> InviteAsync(this AuthClient inviter, Guid organizationId, string email, string role = "member")
    {
        var body = await HttpAssertions.ReadAsync<JsonElement>(
            await inviter.Http.PostAsJsonAsync($"/api/auth/organizations/{organizationId}/invitations", new { email, role }),
            HttpStatusCode.Created);
        return body.GetProperty("id").GetGuid();
    }

    public static async Task AcceptAsync(this AuthClient invitee, Guid invitationId) =>
        await (await invitee.Http.PostAsync(new Uri($"/api/auth/invitations/{invitationId}/accept", UriKind.Relative), null))
            .EnsureStatusAsync(HttpStatusCode.OK);

    /// <summary>Invites <paramref name="user"/> with <paramref name="role"/> and has them accept.</summary>
    public static async Task AddMemberAsync(this AuthClient owner, Guid organizationId, AuthClient user, string role = "member") =>
        await user.AcceptAsync(await owner.InviteAsync(organizationId, user.Email, role));
}
