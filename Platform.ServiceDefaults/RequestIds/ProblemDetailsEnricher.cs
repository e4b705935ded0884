using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Platform.ServiceDefaults.RequestIds;

/// <summary>Adds <c>traceId</c> and <c>requestId</c> to every problem-details answer (RFC 9457 extensions).</summary>
internal static class ProblemDetailsEnricher
{
    public static void Enrich(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        context.ProblemDetails.Instance ??= http.Request.Path;
        context.ProblemDetails.Extensions["traceId"] = Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;
        if (http.GetRequestId() is { } requestId)
        {
            context.ProblemDetails.Extensions["requestId"] = requestId;
        }
    }
}
