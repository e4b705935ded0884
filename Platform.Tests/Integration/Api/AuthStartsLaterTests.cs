using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Tests.Infrastructure;
using Platform.Tests.Integration.Auth;
using Platform.Tests.Integration.Jobs;

namespace Platform.Tests.Integration.Api;

/// <summary>The API is up before auth answers (the AppHost starts them side by side).</summary>
public sealed class AuthStartsLaterStack : ApiStack
{
    protected override bool AuthStartsAfterApi => true;
}

[Trait(Category.Name, Category.Integration)]
public sealed class AuthStartsLaterTests(AuthStartsLaterStack stack) : IClassFixture<AuthStartsLaterStack>
{
    [Fact]
    public async Task An_api_started_before_auth_is_healthy_at_once_and_has_the_signing_keys_seconds_after_auth_answers()
    {
        using var api = stack.Api.CreateClient();
        // No keys yet: the API serves and says why in /health (200, Degraded) once its first fetch has failed.
        await Poll.UntilAsync(async () => (await JwksAsync(api)).Description is { } d && d.StartsWith("no signing keys fetched yet", StringComparison.Ordinal) && !d.EndsWith("(pending)", StringComparison.Ordinal),
            TimeSpan.FromSeconds(15), "the first JWKS fetch failing");
        Assert.Equal("Degraded", (await JwksAsync(api)).Status);

        stack.StartAuthNow();
        // The first fetch is retried every second, not after the 30 s of a failed refresh: no request needs to ask.
        await Poll.UntilAsync(async () => (await JwksAsync(api)).Status == "Healthy", TimeSpan.FromSeconds(10), "signing keys fetched");

        using var user = await stack.SignUpAsync();
        using var jwtApi = await stack.ApiAsync(user);
        await jwtApi.CreateTaskAsync("after auth came up");
        Assert.Equal(["after auth came up"], (await jwtApi.ListTasksAsync()).Titles());
    }

    private static async Task<(string? Status, string? Description)> JwksAsync(HttpClient api)
    {
        using var health = await api.GetAsync(new Uri("/health", UriKind.Relative));
        await health.EnsureStatusAsync(HttpStatusCode.OK);
        var jwks = (await health.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checks").GetProperty("jwks");
        return (jwks.GetProperty("status").GetString(), jwks.TryGetProperty("description", out var d) ? d.GetString() : null);
    }
}
