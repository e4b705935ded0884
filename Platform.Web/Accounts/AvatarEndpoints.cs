using Platform.Web.Http;

namespace Platform.Web.Accounts;

/// <summary>The signed-in user's avatar image, passed through from the API (the browser never holds a JWT).</summary>
public static class AvatarEndpoints
{
    public const string Path = "/profile/avatar";

    public static IEndpointRouteBuilder MapAvatarEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, GetAsync).RequireAuthorization();
        return app;
    }

    private static async Task GetAsync(HttpContext context, ApiClient api)
    {
        using var response = await api.GetAvatarAsync(context.Request.Headers.IfNoneMatch.ToString(), context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        if (response.Headers.ETag is { } etag)
        {
            headers.ETag = etag.ToString();
            headers.CacheControl = "private, no-cache";
        }

        if (!response.IsSuccessStatusCode)
        {
            return;
        }

        context.Response.ContentType = response.Content.Headers.ContentType?.ToString() ?? "application/octet-stream";
        context.Response.ContentLength = response.Content.Headers.ContentLength;
        await using var body = await response.Content.ReadAsStreamAsync(context.RequestAborted);
        await body.CopyToAsync(context.Response.Body, context.RequestAborted);
    }
}
