using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Tests.Infrastructure;
using Platform.Tests.Integration.Auth;

namespace Platform.Tests.Integration.Api;

[Trait(Category.Name, Category.Integration)]
public sealed class PipelineTests(ApiStack stack) : IClassFixture<ApiStack>
{
    [Fact]
    public async Task Api_responses_carry_security_headers_and_a_strict_csp()
    {
        using var api = stack.Api.CreateClient();
        using var response = await api.GetAsync(new Uri("/api/tasks", UriKind.Relative));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("default-src 'none'; frame-ancestors 'none'", Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
    }

    [Fact]
    public async Task The_scalar_page_is_served_anonymously_with_its_own_csp()
    {
        using var api = stack.Api.CreateClient();
        using var response = await api.GetAsync(new Uri("/scalar/", UriKind.Relative));
        await response.EnsureStatusAsync(HttpStatusCode.OK);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unmatched_routes_are_404_problems_and_wrong_methods_405_problems()
    {
        using var api = stack.Api.CreateClient();
        using var missing = await api.GetAsync(new Uri("/api/nothing-here", UriKind.Relative));
        await missing.AssertProblemWithRequestIdAsync(HttpStatusCode.NotFound);

        using var user = await stack.SignUpAsync();
        using var authed = await stack.ApiAsync(user);
        using var wrongMethod = await authed.PutAsJsonAsync("/api/tasks", new { title = "x" });
        await wrongMethod.AssertProblemWithRequestIdAsync(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task Cors_allows_listed_origins_with_credentials_and_no_others()
    {
        using var api = stack.Api.CreateClient();
        using var allowed = await PreflightAsync(api, "https://app.platform.test");
        Assert.Equal("https://app.platform.test", Assert.Single(allowed.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Equal("true", Assert.Single(allowed.Headers.GetValues("Access-Control-Allow-Credentials")));

        using var denied = await PreflightAsync(api, "https://evil.example");
        Assert.False(denied.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Health_reports_database_and_jwks_anonymously()
    {
        using var api = stack.Api.CreateClient();
        var checks = default(JsonElement);
        // The first JWKS fetch runs in the background after start: until it lands, jwks is Degraded (still 200).
        await Jobs.Poll.UntilAsync(async () =>
        {
            using var response = await api.GetAsync(new Uri("/health", UriKind.Relative));
            await response.EnsureStatusAsync(HttpStatusCode.OK);
            checks = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checks");
            return checks.GetProperty("jwks").GetProperty("status").GetString() == "Healthy";
        }, TimeSpan.FromSeconds(30), "the jwks check to turn Healthy");
        Assert.Contains(checks.EnumerateObject(), c => c.Name.Contains("PlatformDbContext", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_incoming_request_id_is_echoed_on_errors()
    {
        using var api = stack.Api.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/tasks");
        request.Headers.Add("X-Request-ID", "client-chosen-42");
        using var response = await api.SendAsync(request);
        var problem = await response.AssertProblemWithRequestIdAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("client-chosen-42", problem.GetProperty("requestId").GetString());
    }

    private static Task<HttpResponseMessage> PreflightAsync(HttpClient api, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/tasks");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        return api.SendAsync(request);
    }
}
