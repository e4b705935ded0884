using System.Net;
using Platform.Tests.Infrastructure;
using Platform.Tests.Integration.Auth;

namespace Platform.Tests.Integration.Api;

[Trait(Category.Name, Category.Integration)]
public sealed class RateLimitTests(RateLimitedApiStack stack) : IClassFixture<RateLimitedApiStack>
{
    [Fact]
    public async Task The_request_over_the_limit_from_one_ip_gets_429_with_retry_after_and_another_ip_is_unaffected()
    {
        using var api = stack.Api.CreateClient();
        for (var i = 0; i < RateLimitedApiStack.Permits; i++)
        {
            using var allowed = await SendAsync(api, "/api/tasks", "203.0.113.10");
            Assert.Equal(HttpStatusCode.Unauthorized, allowed.StatusCode); // counted, though anonymous
        }

        using var limited = await SendAsync(api, "/api/tasks", "203.0.113.10");
        await limited.AssertProblemWithRequestIdAsync(HttpStatusCode.TooManyRequests);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);

        using var otherIp = await SendAsync(api, "/api/tasks", "203.0.113.11");
        Assert.Equal(HttpStatusCode.Unauthorized, otherIp.StatusCode);
    }

    [Fact]
    public async Task Health_and_openapi_are_never_limited()
    {
        using var api = stack.Api.CreateClient();
        for (var i = 0; i < RateLimitedApiStack.Permits * 3; i++)
        {
            using var health = await SendAsync(api, "/health", "203.0.113.20");
            await health.EnsureStatusAsync(HttpStatusCode.OK);
            using var alive = await SendAsync(api, "/alive", "203.0.113.20");
            await alive.EnsureStatusAsync(HttpStatusCode.OK);
        }

        using var openApi = await SendAsync(api, "/openapi/v1.json", "203.0.113.20");
        await openApi.EnsureStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task X_forwarded_for_from_an_untrusted_peer_is_ignored()
    {
        using var api = stack.Api.CreateClient();
        // The peer itself is not a known proxy: rotating X-Forwarded-For must not buy fresh budgets.
        for (var i = 0; i < RateLimitedApiStack.Permits; i++)
        {
            using var response = await SendAsync(api, "/api/tasks", $"198.51.100.{i}", peer: "192.0.2.50");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        using var limited = await SendAsync(api, "/api/tasks", "198.51.100.99", peer: "192.0.2.50");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient api, string path, string clientIp, string peer = ApiStack.TrustedProxy)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(ApiStack.RemoteIpHeader, peer);
        request.Headers.Add("X-Forwarded-For", clientIp);
        return api.SendAsync(request);
    }
}
