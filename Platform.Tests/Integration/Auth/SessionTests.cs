using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Auth.Data;
using Platform.Auth.Sessions;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Integration.Auth;

[Trait(Category.Name, Category.Integration)]
public sealed class SessionTests(AuthAppFixture app) : IClassFixture<AuthAppFixture>
{
    [Fact]
    public async Task Session_returns_the_current_session_and_user()
    {
        using var user = await app.CreateClient().SignUpAsync(name: "Sess Ion");
        var body = await HttpAssertions.ReadAsync<JsonElement>(await user.Http.GetAsync(Url("/api/auth/session")), HttpStatusCode.OK);
        Assert.Equal(user.UserId, body.GetProperty("user").GetProperty("id").GetGuid());
        Assert.True(body.GetProperty("session").GetProperty("current").GetBoolean());
        var session = body.GetProperty("session");
        Assert.Equal(7, (session.GetProperty("expiresAt").GetDateTimeOffset() - session.GetProperty("createdAt").GetDateTimeOffset()).TotalDays, 3);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer not-a-session")]
    [InlineData("Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("Basic dXNlcjpwYXNz")]
    public async Task Session_without_a_valid_token_returns_401_problem(string? authorization)
    {
        using var client = app.CreateClient();
        if (authorization is not null)
        {
            client.Http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await client.Http.GetAsync(Url("/api/auth/session"));
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Tokens_are_stored_only_as_sha256()
    {
        using var user = await app.CreateClient().SignUpAsync();
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
        var row = await db.Sessions.SingleAsync(s => s.UserId == user.UserId);
        Assert.Equal(SecretTokens.Hash(user.Account!.Token), row.TokenHash);
        Assert.Equal(64, row.TokenHash.Length);
        Assert.DoesNotContain(user.Account.Token, JsonSerializer.Serialize(row), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sessions_lists_every_session_of_the_account_and_marks_the_current_one()
    {
        using var first = await app.CreateClient().SignUpAsync(password: "list-password");
        using var second = await SignInAgainAsync(first, "list-password");

        var sessions = await HttpAssertions.ReadAsync<JsonElement[]>(await first.Http.GetAsync(Url("/api/auth/sessions")), HttpStatusCode.OK);
        Assert.Equal(2, sessions.Length);
        Assert.Single(sessions, s => s.GetProperty("current").GetBoolean());
    }

    [Fact]
    public async Task Delete_session_revokes_that_session_only()
    {
        using var first = await app.CreateClient().SignUpAsync(password: "revoke-password");
        using var second = await SignInAgainAsync(first, "revoke-password");
        var secondId = await CurrentSessionIdAsync(second);

        using var delete = await first.Http.DeleteAsync(Url($"/api/auth/sessions/{secondId}"));
        await delete.EnsureStatusAsync(HttpStatusCode.NoContent);

        await (await second.Http.GetAsync(Url("/api/auth/session"))).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await first.Http.GetAsync(Url("/api/auth/session"))).EnsureStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Delete_session_of_another_user_returns_404_and_leaves_it_alone()
    {
        using var alice = await app.CreateClient().SignUpAsync();
        using var bob = await app.CreateClient().SignUpAsync();
        var bobSession = await CurrentSessionIdAsync(bob);

        await (await alice.Http.DeleteAsync(Url($"/api/auth/sessions/{bobSession}"))).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await bob.Http.GetAsync(Url("/api/auth/session"))).EnsureStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task SignOut_ends_the_current_session()
    {
        using var user = await app.CreateClient().SignUpAsync();
        await (await user.Http.PostAsync(Url("/api/auth/sign-out"), null)).EnsureStatusAsync(HttpStatusCode.NoContent);
        await (await user.Http.GetAsync(Url("/api/auth/session"))).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await user.Http.GetAsync(Url("/api/auth/token"))).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task SignOut_without_a_session_returns_401()
    {
        using var client = app.CreateClient();
        await (await client.Http.PostAsync(Url("/api/auth/sign-out"), null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Revoke_other_sessions_keeps_only_the_current_one()
    {
        using var first = await app.CreateClient().SignUpAsync(password: "others-password");
        using var second = await SignInAgainAsync(first, "others-password");
        using var third = await SignInAgainAsync(first, "others-password");

        await (await first.Http.PostAsync(Url("/api/auth/revoke-other-sessions"), null)).EnsureStatusAsync(HttpStatusCode.NoContent);

        await (await second.Http.GetAsync(Url("/api/auth/session"))).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await third.Http.GetAsync(Url("/api/auth/session"))).AssertProblemAsync(HttpStatusCode.Unauthorized);
        var sessions = await HttpAssertions.ReadAsync<JsonElement[]>(await first.Http.GetAsync(Url("/api/auth/sessions")), HttpStatusCode.OK);
        Assert.Single(sessions);
    }

    private async Task<AuthClient> SignInAgainAsync(AuthClient user, string password)
    {
        var client = app.CreateClient();
        client.UseSession(await HttpAssertions.ReadAsync<Platform.Auth.Accounts.AuthResponse>(
            await client.SignInAsync(user.Email, password), HttpStatusCode.OK));
        return client;
    }

    private static async Task<Guid> CurrentSessionIdAsync(AuthClient client)
    {
        var body = await HttpAssertions.ReadAsync<JsonElement>(await client.Http.GetAsync(Url("/api/auth/session")), HttpStatusCode.OK);
        return body.GetProperty("session").GetProperty("id").GetGuid();
    }

    private static Uri Url(string path) => new(path, UriKind.Relative);
}
