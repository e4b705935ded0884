using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Auth.Accounts;

namespace Platform.Tests.Integration.Auth;

/// <summary>An HttpClient to the auth service that remembers one user's session token.</summary>
public sealed class AuthClient(HttpClient http) : IDisposable
{
    public HttpClient Http { get; } = http;

    public AuthResponse? Account { get; private set; }

    public string Email => Account?.User.Email ?? throw new InvalidOperationException("Not signed in.");

    public Guid UserId => Account?.User.Id ?? throw new InvalidOperationException("Not signed in.");

    public static string NewEmail(string who = "user") => $"{who}-{Guid.NewGuid():N}@example.test";

    public async Task<AuthClient> SignUpAsync(string? email = null, string password = "correct horse battery", string name = "Test User")
    {
        using var response = await Http.PostAsJsonAsync("/api/auth/sign-up/email", new { email = email ?? NewEmail(), password, name });
        await response.EnsureStatusAsync(HttpStatusCode.OK);
        UseSession((await response.Content.ReadFromJsonAsync<AuthResponse>())!);
        return this;
    }

    public async Task<HttpResponseMessage> SignInAsync(string email, string password) =>
        await Http.PostAsJsonAsync("/api/auth/sign-in/email", new { email, password });

    public void UseSession(AuthResponse account)
    {
        Account = account;
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", account.Token);
    }

    public async Task<string> GetAccessTokenAsync()
    {
        using var response = await Http.GetAsync(new Uri("/api/auth/token", UriKind.Relative));
        await response.EnsureStatusAsync(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("accessToken").GetString()!;
    }

    public void Dispose() => Http.Dispose();
}

public static class HttpAssertions
{
    /// <summary>Asserts the status and reads the JSON body.</summary>
    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, HttpStatusCode expected)
    {
        await response.EnsureStatusAsync(expected);
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }

    /// <summary>Asserts the status, showing the body when it differs.</summary>
    public static async Task EnsureStatusAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.Fail($"Expected {(int)expected} {expected} from {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} but got {(int)response.StatusCode}: {body}");
        }
    }

    /// <summary>Asserts an RFC 9457 problem-details answer with this status and returns its JSON.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        await response.EnsureStatusAsync(expected);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        return problem;
    }

    /// <summary>Asserts a validation problem naming <paramref name="field"/>.</summary>
    public static async Task AssertValidationProblemAsync(this HttpResponseMessage response, string field)
    {
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"No error for '{field}': {problem}");
    }
}
