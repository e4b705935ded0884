using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;

namespace Platform.Tests.EndToEnd;

/// <summary>
/// A user of a running stack at the developer run's URLs: signs up (or in) at auth once, then calls the API
/// with that JWT. Each request can carry a W3C <c>traceparent</c> of the test's choosing, so its trace can be
/// found in the dashboard, and opens its own connection, so a proxy in front of replicas can pick anew.
/// </summary>
internal sealed class StackUser : IDisposable
{
    private const string Password = "Correct-Horse-Battery-9";

    // No propagator: the traceparent a test sets is the one sent, whatever listens to this process's activities.
    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero, ActivityHeadersPropagator = null })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    private StackUser(string email) => Email = email;

    public string Email { get; }

    public string AccessToken { get; private set; } = "";

    public static string NewEmail() => $"apphost-{Guid.NewGuid():N}@example.com";

    public static async Task<StackUser> SignUpAsync(string? email = null)
    {
        var user = new StackUser(email ?? NewEmail());
        await user.AuthenticateAsync("sign-up", new { email = user.Email, password = Password, name = "AppHost test" });
        return user;
    }

    public static async Task<StackUser> SignInAsync(string email)
    {
        var user = new StackUser(email);
        await user.AuthenticateAsync("sign-in", new { email, password = Password });
        return user;
    }

    /// <summary>A new trace id (32 hex digits) and the <c>traceparent</c> that starts a sampled trace with it.</summary>
    public static (string TraceId, string TraceParent) NewTrace()
    {
        var traceId = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        return (traceId, $"00-{traceId}-{Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant()}-01");
    }

    /// <summary>POST /api/tasks; returns the new task's id.</summary>
    public async Task<string> CreateTaskAsync(string title, string? traceParent = null, string? requestId = null)
    {
        using var request = ApiRequest(HttpMethod.Post, "/api/tasks", traceParent, requestId);
        request.Content = JsonContent.Create(new { title, status = "pending" });
        using var response = await _http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"POST /api/tasks: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").ToString();
    }

    /// <summary>GET /api/tasks (first page); returns the ids.</summary>
    public async Task<IReadOnlyList<string>> ListTaskIdsAsync(string? traceParent = null)
    {
        using var request = ApiRequest(HttpMethod.Get, "/api/tasks?limit=100", traceParent, requestId: null);
        using var response = await _http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"GET /api/tasks: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var page = await response.Content.ReadFromJsonAsync<JsonElement>();
        return [.. page.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("id").ToString())];
    }

    public void Dispose() => _http.Dispose();

    private async Task AuthenticateAsync(string action, object body)
    {
        using var response = await _http.PostAsJsonAsync($"{AppHostProcess.AuthUrl}/api/auth/{action}/email", body);
        Assert.True(response.IsSuccessStatusCode, $"{action}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        AccessToken = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    private HttpRequestMessage ApiRequest(HttpMethod method, string path, string? traceParent, string? requestId)
    {
        var request = new HttpRequestMessage(method, AppHostProcess.ApiUrl + path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AccessToken);
        request.Headers.ConnectionClose = true;
        if (traceParent is not null)
        {
            request.Headers.Add("traceparent", traceParent);
        }
        if (requestId is not null)
        {
            request.Headers.Add("X-Request-ID", requestId);
        }
        return request;
    }
}
