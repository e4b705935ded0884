using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Integration.Auth;

/// <summary>The auth service's tokens and JWKS, validated by a JwtBearer host that only knows the JWKS URL.</summary>
[Trait(Category.Name, Category.Integration)]
public sealed class JwtValidationTests(AuthAppFixture app) : TokenAttackTests, IClassFixture<AuthAppFixture>
{
    private JwtBearerHost _api = null!;

    protected override string Issuer => AuthAppFixture.Issuer;

    protected override IServiceProvider AuthServices => app.Factory.Services;

    protected override AuthClient CreateAuthClient() => app.CreateClient();

    protected override Task<HttpResponseMessage> CallAsync(string jwt) => _api.CallAsync(jwt);

    public override async Task InitializeAsync()
    {
        _api = await JwtBearerHost.StartAsync(app.Factory.Server.CreateHandler());
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _api.DisposeAsync();
    }

    [Fact]
    public async Task A_jwt_from_sign_in_validates_through_JwtBearer_with_only_the_fetched_JWKS()
    {
        using var response = await _api.CallAsync(User.Account!.AccessToken);
        var claims = await HttpAssertions.ReadAsync<Dictionary<string, string>>(response, HttpStatusCode.OK);
        Assert.Equal(User.UserId.ToString(), claims["sub"]);
        Assert.Equal(User.Email, claims["email"]);
        Assert.Equal("Jay Walker", claims["name"]);
        Assert.Equal(AuthAppFixture.Issuer, claims["iss"]);
        Assert.Equal("platform-api", claims["aud"]);
        foreach (var name in new[] { "sid", "jti", "iat", "nbf", "exp", "email_verified" })
        {
            Assert.True(claims.ContainsKey(name), $"missing {name}");
        }

        Assert.False(claims.ContainsKey("org_id"));
    }

    [Fact]
    public async Task Token_header_is_EdDSA_JWT_with_the_kid_of_a_published_key_and_lifetime_is_15_minutes()
    {
        var jwt = await User.GetAccessTokenAsync();
        var header = JwtParts.Header(jwt);
        Assert.Equal("EdDSA", header.GetProperty("alg").GetString());
        Assert.Equal("JWT", header.GetProperty("typ").GetString());
        var jwks = await FetchJwksAsync();
        Assert.Contains(header.GetProperty("kid").GetString(), jwks.Select(k => k.GetProperty("kid").GetString()));

        var payload = JwtParts.Payload(jwt);
        Assert.Equal(900, payload.GetProperty("exp").GetInt64() - payload.GetProperty("iat").GetInt64());
        Assert.Equal(payload.GetProperty("iat").GetInt64(), payload.GetProperty("nbf").GetInt64());
    }

    [Theory]
    [InlineData("/api/auth/jwks")]
    [InlineData("/.well-known/jwks.json")]
    public async Task Jwks_lists_OKP_Ed25519_keys_and_is_cacheable_for_5_minutes(string path)
    {
        using var anonymous = app.CreateClient();
        using var response = await anonymous.Http.GetAsync(new Uri(path, UriKind.Relative));
        var body = await HttpAssertions.ReadAsync<JsonElement>(response, HttpStatusCode.OK);
        Assert.Equal("public, max-age=300", response.Headers.CacheControl?.ToString());
        var key = body.GetProperty("keys").EnumerateArray().First();
        Assert.Equal("OKP", key.GetProperty("kty").GetString());
        Assert.Equal("Ed25519", key.GetProperty("crv").GetString());
        Assert.Equal("EdDSA", key.GetProperty("alg").GetString());
        Assert.Equal("sig", key.GetProperty("use").GetString());
        Assert.Equal(32, Base64UrlEncoder.DecodeBytes(key.GetProperty("x").GetString()).Length);
        Assert.False(key.TryGetProperty("d", out _));
    }

    [Fact]
    public async Task OpenId_configuration_names_issuer_jwks_uri_and_EdDSA()
    {
        using var anonymous = app.CreateClient();
        var body = await HttpAssertions.ReadAsync<JsonElement>(
            await anonymous.Http.GetAsync(new Uri("/.well-known/openid-configuration", UriKind.Relative)), HttpStatusCode.OK);
        Assert.Equal(AuthAppFixture.Issuer, body.GetProperty("issuer").GetString());
        Assert.EndsWith("/.well-known/jwks.json", body.GetProperty("jwks_uri").GetString(), StringComparison.Ordinal);
        Assert.Equal("EdDSA", body.GetProperty("id_token_signing_alg_values_supported")[0].GetString());
    }

    [Fact]
    public async Task Token_endpoint_without_a_session_returns_401_problem()
    {
        using var anonymous = app.CreateClient();
        using var response = await anonymous.Http.GetAsync(new Uri("/api/auth/token", UriKind.Relative));
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    private async Task<JsonElement[]> FetchJwksAsync()
    {
        using var anonymous = app.CreateClient();
        var body = await anonymous.Http.GetFromJsonAsync<JsonElement>(new Uri("/api/auth/jwks", UriKind.Relative));
        return [.. body.GetProperty("keys").EnumerateArray()];
    }
}
