using System.Text.Json;
using Platform.Web.Accounts;

namespace Platform.Web.Http;

/// <summary>
/// The API's HTTP contract (DESIGN §5), called as the signed-in user: each request carries the
/// session token as an option, and <see cref="AccessTokenHandler"/> swaps it for a JWT.
/// Feature methods live next to their pages (Tasks/, Files/, Jobs/) as partial declarations.
/// </summary>
public sealed partial class ApiClient(HttpClient http, UserSession session) : ServiceClient(http, "API")
{
    internal async Task<HttpRequestMessage> AsUserAsync(HttpMethod method, string uri, object? body = null)
    {
        var request = Request(method, uri, body);
        request.Options.Set(AccessTokenHandler.SessionToken, await session.GetTokenAsync());
        return request;
    }

    internal async Task<ApiResult<T>> UserSendAsync<T>(HttpMethod method, string uri, object? body, CancellationToken ct) =>
        await SendAsync<T>(await AsUserAsync(method, uri, body), ct);

    internal async Task<ApiResult> UserSendAsync(HttpMethod method, string uri, object? body, CancellationToken ct) =>
        await SendAsync(await AsUserAsync(method, uri, body), ct);

    internal Task<ApiResult<T>> SendRawAsync<T>(HttpRequestMessage request, CancellationToken ct) => SendAsync<T>(request, ct);

    /// <summary>For streaming (downloads, uploads): the raw response, which the caller disposes.</summary>
    internal Task<HttpResponseMessage> SendStreamingAsync(HttpRequestMessage request, CancellationToken ct) =>
        Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);

    internal static string Query(params (string Name, string? Value)[] parameters)
    {
        var parts = parameters.Where(p => !string.IsNullOrEmpty(p.Value))
            .Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}");
        var query = string.Join('&', parts);
        return query.Length == 0 ? "" : "?" + query;
    }

    internal static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;
}

/// <summary>A keyset page: <c>{items, nextCursor}</c>.</summary>
public sealed record Page<T>(List<T> Items, string? NextCursor);
