using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Platform.Auth.Tokens;
using Platform.ServiceDefaults.Authentication;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Integration.Auth;

[Trait(Category.Name, Category.Integration)]
public sealed class JwtValidationTests(AuthAppFixture app) : IClassFixture<AuthAppFixture>, IAsyncLifetime
{
    private JwtBearerHost _api = null!;
    private AuthClient _user = null!;

    public async Task InitializeAsync()
    {
        _api = await JwtBearerHost.StartAsync(app.Factory.Server.CreateHandler());
        _user = await app.CreateClient().SignUpAsync(name: "Jay Walker");
    }

    public async Task DisposeAsync()
    {
        _user.Dispose();
        await _api.DisposeAsync();
    }

    [Fact]
    public async Task A_jwt_from_sign_in_validates_through_JwtBearer_with_only_the_fetched_JWKS()
    {
        using var response = await _api.CallAsync(_user.Account!.AccessToken);
        var claims = await HttpAssertions.ReadAsync<Dictionary<string, string>>(response, HttpStatusCode.OK);
        Assert.Equal(_user.UserId.ToString(), claims["sub"]);
        Assert.Equal(_user.Email, claims["email"]);
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
        var jwt = await _user.GetAccessTokenAsync();
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

    [Fact]
    public async Task Rejects_alg_none()
    {
        var jwt = _user.Account!.AccessToken;
        var header = JwtParts.Encode(new { alg = "none", typ = "JWT", kid = Kid(jwt) });
        await AssertRejectedAsync($"{header}.{jwt.Split('.')[1]}.");
    }

    [Fact]
    public async Task Rejects_HS256_signed_with_the_public_key_bytes()
    {
        var jwt = _user.Account!.AccessToken;
        var jwk = (await FetchJwksAsync()).First(k => k.GetProperty("kid").GetString() == Kid(jwt));
        var publicKey = Base64UrlEncoder.DecodeBytes(jwk.GetProperty("x").GetString());
        var signingInput = $"{JwtParts.Encode(new { alg = "HS256", typ = "JWT", kid = Kid(jwt) })}.{jwt.Split('.')[1]}";
        var mac = HMACSHA256.HashData(publicKey, Encoding.ASCII.GetBytes(signingInput));
        await AssertRejectedAsync($"{signingInput}.{Base64UrlEncoder.Encode(mac)}");
    }

    [Fact]
    public async Task Rejects_a_token_signed_by_another_Ed25519_key_carrying_a_real_kid()
    {
        using var impostor = Ed25519SecurityKey.Generate(Kid(_user.Account!.AccessToken));
        await AssertRejectedAsync(Sign(impostor, ValidClaims()));
    }

    [Fact]
    public async Task Rejects_an_expired_token()
    {
        var now = DateTime.UtcNow;
        await AssertRejectedAsync(await SignWithRealKeyAsync(ValidClaims(), now.AddMinutes(-30), now.AddMinutes(-15)));
    }

    [Fact]
    public async Task Rejects_a_token_that_is_not_yet_valid()
    {
        var now = DateTime.UtcNow;
        await AssertRejectedAsync(await SignWithRealKeyAsync(ValidClaims(), now.AddMinutes(10), now.AddMinutes(25)));
    }

    [Fact]
    public async Task Rejects_a_wrong_issuer()
    {
        var claims = ValidClaims();
        claims["iss"] = "https://evil.example";
        await AssertRejectedAsync(await SignWithRealKeyAsync(claims));
    }

    [Fact]
    public async Task Rejects_a_wrong_audience()
    {
        var claims = ValidClaims();
        claims["aud"] = "some-other-api";
        await AssertRejectedAsync(await SignWithRealKeyAsync(claims));
    }

    [Fact]
    public async Task Rejects_a_tampered_payload()
    {
        var parts = _user.Account!.AccessToken.Split('.');
        var payload = JwtParts.PayloadDictionary(_user.Account.AccessToken);
        payload["sub"] = Guid.NewGuid().ToString();
        await AssertRejectedAsync($"{parts[0]}.{JwtParts.Encode(payload)}.{parts[2]}");
    }

    [Fact]
    public async Task Rejects_a_truncated_signature()
    {
        var jwt = _user.Account!.AccessToken;
        await AssertRejectedAsync(jwt[..^4]);
    }

    [Fact]
    public async Task A_control_token_signed_with_the_real_key_and_valid_claims_is_accepted()
    {
        // Proves the rejection tests above fail for the reason they name, not for the helper.
        using var response = await _api.CallAsync(await SignWithRealKeyAsync(ValidClaims()));
        await response.EnsureStatusAsync(HttpStatusCode.OK);
    }

    private async Task AssertRejectedAsync(string jwt)
    {
        using var response = await _api.CallAsync(jwt);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private Dictionary<string, object> ValidClaims() => new(StringComparer.Ordinal)
    {
        ["iss"] = AuthAppFixture.Issuer,
        ["aud"] = "platform-api",
        ["sub"] = _user.UserId.ToString(),
        ["sid"] = Guid.NewGuid().ToString(),
        ["email"] = _user.Email,
    };

    private async Task<string> SignWithRealKeyAsync(Dictionary<string, object> claims, DateTime? notBefore = null, DateTime? expires = null)
    {
        var key = await app.Factory.Services.GetRequiredService<SigningKeyStore>().GetSigningKeyAsync(CancellationToken.None);
        return Sign(key, claims, notBefore, expires);
    }

    private static string Sign(SecurityKey key, Dictionary<string, object> claims, DateTime? notBefore = null, DateTime? expires = null)
    {
        var now = DateTime.UtcNow;
        var nbf = notBefore ?? now;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Claims = claims,
            IssuedAt = nbf,
            NotBefore = nbf,
            Expires = expires ?? nbf.AddMinutes(15),
            SigningCredentials = new SigningCredentials(key, "EdDSA"),
        });
    }

    private static string Kid(string jwt) => JwtParts.Header(jwt).GetProperty("kid").GetString()!;

    private async Task<JsonElement[]> FetchJwksAsync()
    {
        using var anonymous = app.CreateClient();
        var body = await anonymous.Http.GetFromJsonAsync<JsonElement>(new Uri("/api/auth/jwks", UriKind.Relative));
        return [.. body.GetProperty("keys").EnumerateArray()];
    }
}
