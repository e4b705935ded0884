using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Platform.Auth.Http;

/// <summary>
/// Refuses, before anything reads it, a request body auth cannot take: over 64 KB → 413; JSON declared in a charset
/// .NET does not know (<c>application/json; charset=bogus</c>, on which the JSON reader throws) → 415. Both as
/// problem details.
/// </summary>
internal sealed class RequestBodyLimitMiddleware(RequestDelegate next, IProblemDetailsService problems)
{
    public const long MaxBodyBytes = 64 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = MaxBodyBytes;
        }

        if (context.Request.ContentLength > MaxBodyBytes)
        {
            await RefuseAsync(context, StatusCodes.Status413PayloadTooLarge, "Payload Too Large",
                $"Request bodies are limited to {MaxBodyBytes} bytes.");
            return;
        }

        if (context.Request.HasJsonContentType()
            && MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type)
            && !StringSegment.IsNullOrEmpty(type.Charset) && type.Encoding is null)
        {
            await RefuseAsync(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported Media Type",
                "The Content-Type charset is not a known encoding; send JSON as UTF-8.");
            return;
        }

        await next(context);
    }

    private Task RefuseAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        }).AsTask();
    }
}
