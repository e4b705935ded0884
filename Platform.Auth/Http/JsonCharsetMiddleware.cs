using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Platform.Auth.Http;

/// <summary>
/// Answers 415 problem details for a JSON body declared in a charset .NET does not know
/// (<c>application/json; charset=bogus</c>): the JSON reader would throw InvalidOperationException, a 500.
/// </summary>
internal sealed class JsonCharsetMiddleware(RequestDelegate next, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.HasJsonContentType()
            && MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type)
            && !StringSegment.IsNullOrEmpty(type.Charset) && type.Encoding is null)
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails =
                {
                    Status = StatusCodes.Status415UnsupportedMediaType,
                    Title = "Unsupported Media Type",
                    Detail = "The Content-Type charset is not a known encoding; send JSON as UTF-8.",
                },
            });
            return;
        }

        await next(context);
    }
}
