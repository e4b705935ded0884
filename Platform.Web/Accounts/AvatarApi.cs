using System.Net.Http.Headers;
using Platform.Web.Accounts;

namespace Platform.Web.Http;

public sealed partial class ApiClient
{
    /// <summary><c>PUT /api/me/avatar</c> with the image as the raw body; the API decides the format by its bytes.</summary>
    public async Task<ApiResult<AvatarInfo>> PutAvatarAsync(Stream image, string? contentType, CancellationToken ct = default)
    {
        var request = await AsUserAsync(HttpMethod.Put, "api/me/avatar");
        request.Content = new StreamContent(image);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(string.IsNullOrEmpty(contentType) ? "application/octet-stream" : contentType);
        return await SendAsync<AvatarInfo>(request, ct);
    }

    public Task<ApiResult> DeleteAvatarAsync(CancellationToken ct = default) =>
        UserSendAsync(HttpMethod.Delete, "api/me/avatar", null, ct);

    /// <summary><c>GET /api/me/avatar</c>, as a response to stream through (404 when there is none).</summary>
    public async Task<HttpResponseMessage> GetAvatarAsync(string? ifNoneMatch, CancellationToken ct = default)
    {
        var request = await AsUserAsync(HttpMethod.Get, "api/me/avatar");
        if (!string.IsNullOrEmpty(ifNoneMatch))
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        return await SendStreamingAsync(request, ct);
    }
}
