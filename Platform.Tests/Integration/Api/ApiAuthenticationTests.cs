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
using Platform.Tests.Integration.Auth;

namespace Platform.Tests.Integration.Api;

/// <summary>The token attack list of the auth issue, sent to the API; API keys; who-am-I.</summary>
[Trait(Category.Name, Category.Integration)]
public sealed class ApiAuthenticationTests(ApiStack stack) : IClassFixture<ApiStack>, IAsyncLifetime
{
    private static readonly object ReadOnlyTasks = new Dictionary<string, string[]> { ["tasks"] = ["read"] };
    private AuthClient _user = null!;
    private string _jwt = "";

    public async Task InitializeAsync()
    {
        _user = await stack.SignUpAsync();
        _jwt = await _user.GetAccessTokenAsync();
    }

    public Task DisposeAsync()
    {
        _user.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_real_token_is_accepted_and_me_describes_the_caller()
    {
        using var api = stack.ApiWithJwt(_jwt);
        var me = await api.GetFromJsonAsync<JsonElement>(new Uri("/api/me", UriKind.Relative));
        Assert.Equal(_user.UserId.ToString(), me.GetProperty("userId").GetString());
        Assert.Equal("jwt", me.GetProperty("authMethod").GetString());
        Assert.Equal(_user.Email, me.GetProperty("email").GetString());
        Assert.Equal($"user:{_user.UserId}", me.GetProperty("tenant").GetString());
        Assert.Contains("tasks:write", me.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()));
    }

    [Fact]
    public async Task A_control_token_signed_with_the_real_key_is_accepted()
    {
        // Proves the attack tests below fail for the reason they name, not because of the helper.
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
        using var auth = stack.CreateAuthClient();
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

    [Fact]
    public async Task Rejects_a_token_without_subject()
    {
        var claims = ValidClaims();
        claims.Remove("sub");
        await AssertRejectedAsync(await SignWithRealKeyAsync(claims));
    }

    [Theory]
    [InlineData("Bearer")]
    [InlineData("Bearer ")]
    [InlineData("Bearer not.a.jwt")]
    [InlineData("Bearer ....")]
    [InlineData("Bearer eyJhbGciOiJFZERTQSJ9.e30.AAAA")]
    [InlineData("Bearer eyJ%%%.eyJ%%%.sig")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer LONG")]
    [InlineData("garbage")]
    public async Task Garbage_authorization_headers_answer_401_problem_never_500(string header)
    {
        using var api = stack.Api.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/tasks");
        request.Headers.TryAddWithoutValidation("Authorization", header.Replace("LONG", new string('A', 8000), StringComparison.Ordinal));
        using var response = await api.SendAsync(request);
        await response.AssertProblemWithRequestIdAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("")]
    [InlineData("pk_")]
    [InlineData("pk_short")]
    [InlineData("pk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA$")]
    [InlineData("sk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("pk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("'; DROP TABLE tasks; --")]
    [InlineData("LONG")]
    public async Task Garbage_and_unknown_api_keys_answer_401_problem_never_500(string key)
    {
        using var api = stack.Api.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/tasks");
        request.Headers.TryAddWithoutValidation("X-API-Key", key.Replace("LONG", new string('k', 8000), StringComparison.Ordinal));
        using var response = await api.SendAsync(request);
        await response.AssertProblemWithRequestIdAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task No_credentials_answer_401_problem()
    {
        using var api = stack.Api.CreateClient();
        using var response = await api.GetAsync(new Uri("/api/tasks", UriKind.Relative));
        await response.AssertProblemWithRequestIdAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_read_only_api_key_lists_tasks_but_gets_403_on_create()
    {
        var (_, key) = await ApiStack.CreateApiKeyAsync(_user, permissions: ReadOnlyTasks);
        using var owner = stack.ApiWithJwt(_jwt);
        await owner.CreateTaskAsync("visible to the key");

        using var api = stack.ApiWithKey(key);
        Assert.Contains("visible to the key", (await api.ListTasksAsync()).Titles());
        using var create = await api.PostAsJsonAsync("/api/tasks", new { title = "not allowed" });
        await create.AssertProblemWithRequestIdAsync(HttpStatusCode.Forbidden);

        var me = await api.GetFromJsonAsync<JsonElement>(new Uri("/api/me", UriKind.Relative));
        Assert.Equal("api_key", me.GetProperty("authMethod").GetString());
        Assert.Equal(["tasks:read"], me.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()!).ToArray());
    }

    [Fact]
    public async Task A_full_api_key_creates_tasks_for_its_user()
    {
        var (_, key) = await ApiStack.CreateApiKeyAsync(_user);
        using var api = stack.ApiWithKey(key);
        var task = await api.CreateTaskAsync("via key");
        Assert.Equal(_user.UserId.ToString(), task.GetProperty("createdBy").GetString());
    }

    [Fact]
    public async Task An_api_key_rate_limit_from_the_key_applies_per_key()
    {
        var (_, key) = await ApiStack.CreateApiKeyAsync(_user, rateLimit: new { maxRequests = 3, windowSeconds = 3600 });
        using var api = stack.ApiWithKey(key);
        for (var i = 0; i < 3; i++)
        {
            using var ok = await api.GetAsync(new Uri("/api/tasks", UriKind.Relative));
            await ok.EnsureStatusAsync(HttpStatusCode.OK);
        }

        using var limited = await api.GetAsync(new Uri("/api/tasks", UriKind.Relative));
        await limited.AssertProblemWithRequestIdAsync(HttpStatusCode.TooManyRequests);
        Assert.NotNull(limited.Headers.RetryAfter);

        // The user's JWT is not limited by the key's budget.
        using var jwt = stack.ApiWithJwt(_jwt);
        using var stillFine = await jwt.GetAsync(new Uri("/api/tasks", UriKind.Relative));
        await stillFine.EnsureStatusAsync(HttpStatusCode.OK);
    }

    private async Task AssertRejectedAsync(string jwt)
    {
        using var response = await CallAsync(jwt);
        var problem = await response.AssertProblemWithRequestIdAsync(HttpStatusCode.Unauthorized);
        Assert.False(problem.TryGetProperty("exception", out _));
    }

    private async Task<HttpResponseMessage> CallAsync(string jwt)
    {
        using var api = stack.ApiWithJwt(jwt);
        return await api.GetAsync(new Uri("/api/tasks", UriKind.Relative));
    }

    private Dictionary<string, object> ValidClaims() => new(StringComparer.Ordinal)
    {
        ["iss"] = ApiStack.Issuer,
        ["aud"] = "platform-api",
        ["sub"] = _user.UserId.ToString(),
        ["sid"] = Guid.NewGuid().ToString(),
        ["email"] = _user.Email,
    };

    private async Task<string> SignWithRealKeyAsync(Dictionary<string, object> claims, DateTime? notBefore = null, DateTime? expires = null)
    {
        var key = await stack.Auth.Services.GetRequiredService<SigningKeyStore>().GetSigningKeyAsync(CancellationToken.None);
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

    private static string Kid(string jwt) => JwtParts.Header(jwt).GetProperty("kid").GetString()!;
}
