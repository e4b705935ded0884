using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Tests.Infrastructure;
using Platform.Tests.Integration.Auth;

namespace Platform.Tests.Integration.Api;

/// <summary>The token attack list of the auth issue, sent to the API; API keys; who-am-I.</summary>
[Trait(Category.Name, Category.Integration)]
public sealed class ApiAuthenticationTests(ApiStack stack) : TokenAttackTests, IClassFixture<ApiStack>
{
    private static readonly object ReadOnlyTasks = new Dictionary<string, string[]> { ["tasks"] = ["read"] };

    protected override string Issuer => ApiStack.Issuer;

    protected override IServiceProvider AuthServices => stack.Auth.Services;

    protected override AuthClient CreateAuthClient() => stack.CreateAuthClient();

    protected override async Task<HttpResponseMessage> CallAsync(string jwt)
    {
        using var api = stack.ApiWithJwt(jwt);
        return await api.GetAsync(new Uri("/api/tasks", UriKind.Relative));
    }

    protected override async Task AssertRejectedAsync(string jwt)
    {
        using var response = await CallAsync(jwt);
        var problem = await response.AssertProblemWithRequestIdAsync(HttpStatusCode.Unauthorized);
        Assert.False(problem.TryGetProperty("exception", out _));
    }

    [Fact]
    public async Task Rejects_a_token_without_subject()
    {
        // The API needs a subject to scope every query to a tenant.
        var claims = ValidClaims();
        claims.Remove("sub");
        await AssertRejectedAsync(await SignWithRealKeyAsync(claims));
    }

    [Fact]
    public async Task A_real_token_is_accepted_and_me_describes_the_caller()
    {
        using var api = stack.ApiWithJwt(Jwt);
        var me = await api.GetFromJsonAsync<JsonElement>(new Uri("/api/me", UriKind.Relative));
        Assert.Equal(User.UserId.ToString(), me.GetProperty("userId").GetString());
        Assert.Equal("jwt", me.GetProperty("authMethod").GetString());
        Assert.Equal(User.Email, me.GetProperty("email").GetString());
        Assert.Equal($"user:{User.UserId}", me.GetProperty("tenant").GetString());
        Assert.Contains("tasks:write", me.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()));
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
        var (_, key) = await ApiStack.CreateApiKeyAsync(User, permissions: ReadOnlyTasks);
        using var owner = stack.ApiWithJwt(Jwt);
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
    public async Task A_full_api_key_creates_tasks_for_itsUser()
    {
        var (_, key) = await ApiStack.CreateApiKeyAsync(User);
        using var api = stack.ApiWithKey(key);
        var task = await api.CreateTaskAsync("via key");
        Assert.Equal(User.UserId.ToString(), task.GetProperty("createdBy").GetString());
    }

    [Fact]
    public async Task An_api_key_rate_limit_from_the_key_applies_per_key()
    {
        var (_, key) = await ApiStack.CreateApiKeyAsync(User, rateLimit: new { maxRequests = 3, windowSeconds = 3600 });
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
        using var jwt = stack.ApiWithJwt(Jwt);
        using var stillFine = await jwt.GetAsync(new Uri("/api/tasks", UriKind.Relative));
        await stillFine.EnsureStatusAsync(HttpStatusCode.OK);
    }
}
