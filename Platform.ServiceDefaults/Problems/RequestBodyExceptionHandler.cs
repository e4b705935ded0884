using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Platform.ServiceDefaults.Problems;

/// <summary>
/// A request body the server could not read is the client's error, wherever the read happened (a body read by hand,
/// a multipart part streamed to storage), in every service: Kestrel's <see cref="BadHttpRequestException"/> (body too slow → 408,
/// too large → 413, malformed chunking → 400) answers its own status, and <see cref="MalformedBodyException"/>
/// answers 400, as problem details instead of 500.
/// </summary>
internal sealed class RequestBodyExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (httpContext.Response.HasStarted || Find(exception) is not var (status, detail))
        {
            return false;
        }

        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Title = "The request body could not be read.", Detail = detail },
        });
    }

    internal static (int Status, string Detail)? Find(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case BadHttpRequestException bad:
                    return (bad.StatusCode, bad.StatusCode switch
                    {
                        StatusCodes.Status408RequestTimeout => "The body arrived too slowly.",
                        StatusCodes.Status413PayloadTooLarge => "The body is too large.",
                        _ => "The body is malformed.",
                    });
                case MalformedBodyException malformed:
                    return (StatusCodes.Status400BadRequest, malformed.Message);
            }
        }

        return null;
    }
}

/// <summary>The request body ended early or broke its own framing (a multipart part without its closing boundary).</summary>
public sealed class MalformedBodyException(string message, Exception inner) : IOException(message, inner);
