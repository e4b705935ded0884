using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Tests.Infrastructure;
using Platform.Tests.Integration.Auth;

namespace Platform.Tests.Integration.Api;

/// <summary>The auth service goes away after one successful call (its port closes).</summary>
[Trait(Category.Name, Category.Integration)]
public sealed class AuthOutageTests(FakeClockApiStack stack) : IClassFixture<FakeClockApiStack>
{
    [Fact]
    public async Task With_auth_stopped_jwts_keep_working_api_keys_answer_503_quickly_and_health_is_degraded()
    {
        using var user = await stack.SignUpAsync();
        var jwt = await user.GetAccessTokenAsync();
        var (_, key) = await ApiStack.CreateApiKeyAsync(user);
        using var jwtApi = stack.ApiWithJwt(jwt);
        await jwtApi.CreateTaskAsync("before the outage");

        await stack.StopAuthAsync();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(["before the outage"], (await jwtApi.ListTasksAsync()).Titles());
        }
        await jwtApi.CreateTaskAsync("during the outage");

        using var keyApi = stack.ApiWithKey(key);
        var stopwatch = Stopwatch.StartNew();
        using var unverifiable = await keyApi.GetAsync(new Uri("/api/tasks", UriKind.Relative));
        stopwatch.Stop();
        await unverifiable.AssertProblemWithRequestIdAsync(HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(unverifiable.Headers.RetryAfter);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5.5), $"took {stopwatch.Elapsed}");

        // Past the JWKS TTL with auth still down: the keys are stale, JWTs still validate, /health says Degraded (200).
        stack.ApiClock!.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(2, (await jwtApi.ListTasksAsync()).Titles().Length);
        using var api = stack.Api.CreateClient();
        using var health = await api.GetAsync(new Uri("/health", UriKind.Relative));
        await health.EnsureStatusAsync(HttpStatusCode.OK);
        var body = await health.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Degraded", body.GetProperty("checks").GetProperty("jwks").GetProperty("status").GetString());
        Assert.Equal("Degraded", body.GetProperty("status").GetString());
    }
}
