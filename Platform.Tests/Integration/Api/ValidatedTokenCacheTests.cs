using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Platform.Api.Authentication;
using Platform.Tests.Infrastructure;
using Platform.Tests.Integration.Auth;

namespace Platform.Tests.Integration.Api;

/// <summary>
/// The API remembers JWTs it validated (by hash) so repeat calls skip signature checks. A remembered token must still
/// stop working exactly when an unremembered one would: when its signing key leaves the JWKS, and when it expires.
/// </summary>
[Trait(Category.Name, Category.Integration)]
public sealed class ValidatedTokenCacheTests(FakeAuthClockApiStack stack) : IClassFixture<FakeAuthClockApiStack>
{
    [Fact]
    public async Task A_token_accepted_before_is_rejected_once_its_signing_key_has_left_the_jwks()
    {
        using var user = await stack.SignUpAsync();
        var oldToken = await user.GetAccessTokenAsync();
        using (var api = stack.ApiWithJwt(oldToken))
        {
            await api.CreateTaskAsync("signed with the first key");
            Assert.Single((await api.ListTasksAsync()).Titles());
        }

        // Rotate, then let the auth clock pass token lifetime + 5 min: the old key leaves the JWKS.
        using (var admin = stack.CreateAuthClient())
        {
            admin.Http.DefaultRequestHeaders.Add("X-Internal-Token", ApiStack.InternalToken);
            using var rotated = await admin.Http.PostAsync(new Uri("/api/auth/admin/keys/rotate", UriKind.Relative), null);
            await rotated.EnsureStatusAsync(HttpStatusCode.OK);
        }
        stack.AuthClock!.Advance(TimeSpan.FromMinutes(20) + TimeSpan.FromSeconds(1));
        var jwks = stack.Api.Services.GetRequiredService<JwksCache>();
        Assert.True(await jwks.RefreshAsync(CancellationToken.None));
        Assert.DoesNotContain(new JsonWebToken(oldToken).Kid, jwks.Current.Keys.Keys);

        using (var stale = stack.ApiWithJwt(oldToken))
        {
            using var rejected = await stale.GetAsync(new Uri("/api/tasks", UriKind.Relative));
            await rejected.AssertProblemWithRequestIdAsync(HttpStatusCode.Unauthorized);
        }

        Assert.Single(jwks.Current.Keys); // the rotated key: new tokens work on
    }
}

/// <summary>Token expiry against the API's own clock, for a token the API has already accepted.</summary>
[Trait(Category.Name, Category.Integration)]
public sealed class CachedTokenExpiryTests(FakeClockApiStack stack) : IClassFixture<FakeClockApiStack>
{
    [Fact]
    public async Task A_token_accepted_before_is_rejected_after_it_expires()
    {
        using var user = await stack.SignUpAsync();
        using var api = stack.ApiWithJwt(await user.GetAccessTokenAsync());
        Assert.Empty((await api.ListTasksAsync()).Titles());

        // 15-minute tokens, 30 s clock skew.
        stack.ApiClock!.Advance(TimeSpan.FromMinutes(14));
        Assert.Empty((await api.ListTasksAsync()).Titles());
        stack.ApiClock.Advance(TimeSpan.FromMinutes(2));
        using var expired = await api.GetAsync(new Uri("/api/tasks", UriKind.Relative));
        await expired.AssertProblemWithRequestIdAsync(HttpStatusCode.Unauthorized);
    }
}
