namespace Platform.Api.Http;

/// <summary>
/// Headers every response carries. API answers are JSON, so their CSP allows nothing at all; the Scalar page
/// is HTML with inline bootstrap script and styles and gets a CSP that allows only those, from this origin.
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public const string ApiContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";

    public const string ScalarContentSecurityPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers.ContentSecurityPolicy = http.Request.Path.StartsWithSegments("/scalar")
                ? ScalarContentSecurityPolicy
                : ApiContentSecurityPolicy;
            return Task.CompletedTask;
        }, context);
        return next(context);
    }
}
