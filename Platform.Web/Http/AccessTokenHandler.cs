using System.Net;
using System.Net.Http.Headers;

namespace Platform.Web.Http;

/// <summary>
/// On the <c>api</c> HttpClient: swaps the session token the request carries (as an option, never a header)
/// for a cached JWT. If api rejects the JWT, the cached one is dropped and a fresh one tried once.
/// </summary>
public sealed class AccessTokenHandler(AccessTokenCache tokens) : DelegatingHandler
{
    public static readonly HttpRequestOptionsKey<string> SessionToken = new("platform.session-token");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Options.TryGetValue(SessionToken, out var session) || session is null)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetAsync(session, cancellationToken));
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized || !IsReplayable(request))
        {
            return response;
        }

        response.Dispose();
        tokens.Invalidate(session);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetAsync(session, cancellationToken));
        return await base.SendAsync(request, cancellationToken);
    }

    // Streamed uploads cannot be sent twice.
    private static bool IsReplayable(HttpRequestMessage request) =>
        request.Content is null or System.Net.Http.Json.JsonContent or StringContent or ByteArrayContent;
}
