using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Integration.Auth;

/// <summary>Signing-key rotation and session lifetimes under a fake clock: time moves by assignment, never by sleeping.</summary>
[Trait(Category.Name, Category.Integration)]
public sealed class KeyRotationTests(FakeClockAuthAppFixture app) : IClassFixture<FakeClockAuthAppFixture>
{
    [Fact]
    public async Task After_rotate_new_tokens_carry_the_new_kid_old_tokens_validate_during_grace_and_the_old_key_then_leaves_the_jwks()
    {
        using var user = await app.CreateClient().SignUpAsync();
        var oldToken = await user.GetAccessTokenAsync();
        var oldKid = Kid(oldToken);

        var rotated = await RotateWithInternalTokenAsync();
        var newToken = await user.GetAccessTokenAsync();
        Assert.Equal(rotated, Kid(newToken));
        Assert.NotEqual(oldKid, rotated);

        app.Time.Advance(TimeSpan.FromMinutes(10));
        Assert.Contains(oldKid, await PublishedKidsAsync());
        await using (var api = await JwtBearerHost.StartAsync(app.Factory.Server.CreateHandler(), app.Time))
        {
            await (await api.CallAsync(oldToken)).EnsureStatusAsync(HttpStatusCode.OK);
            await (await api.CallAsync(newToken)).EnsureStatusAsync(HttpStatusCode.OK);
        }

        // Token lifetime (15 min) + 5 min after retirement, the old key is gone.
        app.Time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        var published = await PublishedKidsAsync();
        Assert.DoesNotContain(oldKid, published);
        Assert.Contains(rotated, published);
    }

    [Fact]
    public async Task The_active_key_rotates_by_itself_after_30_days()
    {
        using var before = await app.CreateClient().SignUpAsync();
        var oldKid = Kid(before.Account!.AccessToken);

        app.Time.Advance(TimeSpan.FromDays(30) + TimeSpan.FromMinutes(1));
        using var after = await app.CreateClient().SignUpAsync();
        var newKid = Kid(after.Account!.AccessToken);

        Assert.NotEqual(oldKid, newKid);
        var published = await PublishedKidsAsync();
        Assert.Contains(newKid, published);
        Assert.Contains(oldKid, published);
    }

    [Fact]
    public async Task Rotate_without_credentials_returns_401()
    {
        using var anonymous = app.CreateClient();
        await (await anonymous.Http.PostAsync(Url("/api/auth/admin/keys/rotate"), null)).AssertProblemAsync(HttpStatusCode.Unauthorized);

        anonymous.Http.DefaultRequestHeaders.Add("X-Internal-Token", "wrong-token");
        await (await anonymous.Http.PostAsync(Url("/api/auth/admin/keys/rotate"), null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Rotate_by_a_user_who_is_not_an_admin_returns_403()
    {
        using var user = await app.CreateClient().SignUpAsync();
        await (await user.Http.PostAsync(Url("/api/auth/admin/keys/rotate"), null)).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Rotate_by_an_admin_email_succeeds()
    {
        using var admin = app.CreateClient();
        var existing = await admin.SignInAsync(AuthAppFixture.AdminEmail, "admin-password-1");
        if (existing.StatusCode == HttpStatusCode.OK)
        {
            admin.UseSession((await existing.Content.ReadFromJsonAsync<Platform.Auth.Accounts.AuthResponse>())!);
        }
        else
        {
            await admin.SignUpAsync(AuthAppFixture.AdminEmail.ToUpperInvariant(), "admin-password-1");
        }

        var body = await HttpAssertions.ReadAsync<JsonElement>(await admin.Http.PostAsync(Url("/api/auth/admin/keys/rotate"), null), HttpStatusCode.OK);
        Assert.Contains(body.GetProperty("kid").GetString(), await PublishedKidsAsync());
    }

    [Fact]
    public async Task A_session_used_after_a_day_slides_to_seven_more_days()
    {
        using var user = await app.CreateClient().SignUpAsync();
        app.Time.Advance(TimeSpan.FromDays(2));
        var session = await SessionAsync(user);
        Assert.Equal(app.Time.GetUtcNow().AddDays(7), session.GetProperty("expiresAt").GetDateTimeOffset(), TimeSpan.FromSeconds(1));

        // 8.5 days after sign-up, alive thanks to the renewal.
        app.Time.Advance(TimeSpan.FromDays(6.5));
        await SessionAsync(user);
    }

    [Fact]
    public async Task A_session_used_within_a_day_is_not_renewed_and_an_unused_one_expires_after_seven_days()
    {
        using var user = await app.CreateClient().SignUpAsync();
        var created = await SessionAsync(user);
        app.Time.Advance(TimeSpan.FromHours(12));
        var used = await SessionAsync(user);
        Assert.Equal(created.GetProperty("expiresAt").GetDateTimeOffset(), used.GetProperty("expiresAt").GetDateTimeOffset());

        app.Time.Advance(TimeSpan.FromDays(7));
        await (await user.Http.GetAsync(Url("/api/auth/session"))).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_invitation_expires_after_48_hours()
    {
        using var owner = await app.CreateClient().SignUpAsync();
        using var invitee = await app.CreateClient().SignUpAsync();
        var organization = await HttpAssertions.ReadAsync<JsonElement>(await owner.Http.PostAsJsonAsync("/api/auth/organizations",
            new { name = "Clockwork", slug = $"clock-{Guid.NewGuid():N}"[..20] }), HttpStatusCode.Created);
        var invitation = await HttpAssertions.ReadAsync<JsonElement>(await owner.Http.PostAsJsonAsync(
            $"/api/auth/organizations/{organization.GetProperty("id").GetGuid()}/invitations", new { email = invitee.Email }), HttpStatusCode.Created);

        app.Time.Advance(TimeSpan.FromHours(48) + TimeSpan.FromSeconds(1));
        var mine = await HttpAssertions.ReadAsync<JsonElement[]>(await invitee.Http.GetAsync(Url("/api/auth/invitations")), HttpStatusCode.OK);
        Assert.Empty(mine);
        await (await invitee.Http.PostAsync(Url($"/api/auth/invitations/{invitation.GetProperty("id").GetGuid()}/accept"), null))
            .AssertProblemAsync(HttpStatusCode.Conflict);
    }

    private async Task<string> RotateWithInternalTokenAsync()
    {
        using var client = app.CreateClient();
        client.Http.DefaultRequestHeaders.Add("X-Internal-Token", AuthAppFixture.InternalToken);
        var body = await HttpAssertions.ReadAsync<JsonElement>(await client.Http.PostAsync(Url("/api/auth/admin/keys/rotate"), null), HttpStatusCode.OK);
        return body.GetProperty("kid").GetString()!;
    }

    private async Task<string?[]> PublishedKidsAsync()
    {
        using var client = app.CreateClient();
        var jwks = await client.Http.GetFromJsonAsync<JsonElement>(Url("/.well-known/jwks.json"));
        return [.. jwks.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString())];
    }

    private static async Task<JsonElement> SessionAsync(AuthClient user)
    {
        var body = await HttpAssertions.ReadAsync<JsonElement>(await user.Http.GetAsync(Url("/api/auth/session")), HttpStatusCode.OK);
        return body.GetProperty("session");
    }

    private static string Kid(string jwt) => JwtParts.Header(jwt).GetProperty("kid").GetString()!;

    private static Uri Url(string path) => new(path, UriKind.Relative);
}
