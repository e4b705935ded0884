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

namespace Platform.Tests.Integration.Auth;

/// <summary>
/// The token attack list of the auth issue. Each service that validates JWTs derives from this once, with the way it
/// calls that service and the auth host whose real signing key the control token uses.
/// </summary>
public abstract class TokenAttackTests : IAsyncLifetime
{
    private AuthClient _user = null!;
    private string _jwt = "";

    /// <summary>The issuer the validating service expects.</summary>
    protected abstract string Issuer { get; }

    /// <summary>The auth service: signs up the user, serves the JWKS and holds the real signing key.</summary>
    protected abstract IServiceProvider AuthServices { get; }

    protected abstract AuthClient CreateAuthClient();

    /// <summary>An authenticated call to the validating service with <paramref name="jwt"/> as the bearer token.</summary>
    protected abstract Task<HttpResponseMessage> CallAsync(string jwt);

    protected AuthClient User => _user;

    protected string Jwt => _jwt;

    public virtual async Task InitializeAsync()
    {
        _user = await CreateAuthClient().SignUpAsync(AuthClient.NewEmail("attacked"), name: "Jay Walker");
        _jwt = await _user.GetAccessTokenAsync();
    }

    public virtual Task DisposeAsync()
    {
        _user.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>401 for a rejected token; services with a problem-details contract assert more.</summary>
    protected virtual async Task AssertRejectedAsync(string jwt)
    {
        using var response = await CallAsync(jwt);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_control_token_signed_with_the_real_key_and_valid_claims_is_accepted()
    {
        // Proves the rejection tests fail for the reason they name, not because of the signing helper.
        using var response = await CallAsync(await SignWithRealKeyAsync(ValidClaims()));
        await response.EnsureStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public Task Rejects_alg_none()
    {
        var header = JwtParts.Encode(new { alg = "none", typ = "JWT", kid = Kid(_jwt) });
        return AssertRejectedAsync($"{header}.{_jwt.Split('.')[1]}.");
    }

    [Fact]
    public async Task Rejects_HS256_signed_with_the_public_key_bytes()
    {
        using var auth = CreateAuthClient();
        var jwks = await auth.Http.GetFromJsonAsync<JsonElement>(new Uri("/api/auth/jwks", UriKind.Relative));
        var jwk = jwks.GetProperty("keys").EnumerateArray().First(k => k.GetProperty("kid").GetString() == Kid(_jwt));
        var publicKey = Base64UrlEncoder.DecodeBytes(jwk.GetProperty("x").GetString());
        var signingInput = $"{JwtParts.Encode(new { alg = "HS256", typ = "JWT", kid = Kid(_jwt) })}.{_jwt.Split('.')[1]}";
        var mac = HMACSHA256.HashData(publicKey, Encoding.ASCII.GetBytes(signingInput));
        await AssertRejectedAsync($"{signingInput}.{Base64UrlEncoder.Encode(mac)}");
    }

    [Fact]
    public async Task Rejects_a_token_signed_by_another_Ed25519_key_carrying_a_real_kid()
    {
        using var impostor = Ed25519SecurityKey.Generate(Kid(_jwt));
        await AssertRejectedAsync(Sign(impostor, ValidClaims()));
    }

    [Fact]
    public async Task Rejects_a_token_signed_by_another_key_with_an_unknown_kid()
    {
        using var impostor = Ed25519SecurityKey.Generate("kid-" + Guid.NewGuid().ToString("N"));
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
        var parts = _jwt.Split('.');
        var payload = JwtParts.PayloadDictionary(_jwt);
        payload["sub"] = Guid.NewGuid().ToString();
        await AssertRejectedAsync($"{parts[0]}.{JwtParts.Encode(payload)}.{parts[2]}");
    }

    [Fact]
    public Task Rejects_a_truncated_signature() => AssertRejectedAsync(_jwt[..^4]);

    protected static string Kid(string jwt) => JwtParts.Header(jwt).GetProperty("kid").GetString()!;

    protected Dictionary<string, object> ValidClaims() => new(StringComparer.Ordinal)
    {
        ["iss"] = Issuer,
        ["aud"] = "platform-api",
        ["sub"] = _user.UserId.ToString(),
        ["sid"] = Guid.NewGuid().ToString(),
        ["email"] = _user.Email,
    };

    protected async Task<string> SignWithRealKeyAsync(Dictionary<string, object> claims, DateTime? notBefore = null, DateTime? expires = null)
    {
        var key = await AuthServices.GetRequiredService<SigningKeyStore>().GetSigningKeyAsync(CancellationToken.None);
        return Sign(key, claims, notBefore, expires);
    }

    private static string Sign(SecurityKey key, Dictionary<string, object> claims, DateTime? notBefore = null, DateTime? expires = null)
    {
        var nbf = notBefore ?? DateTime.UtcNow;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Claims = claims,
            IssuedAt = nbf,
            NotBefore = nbf,
            Expires = expires ?? nbf.AddMinutes(15),
            SigningCredentials = new SigningCredentials(key, "EdDSA"),
        });
    }
}
