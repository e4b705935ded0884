using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Platform.ServiceDefaults.RequestIds;

/// <summary>
/// Accepts a well-formed incoming <c>X-Request-ID</c> or makes one, and puts it on the response
/// (whatever the status), in the logging scope and on the current activity.
/// </summary>
public sealed class RequestIdMiddleware(RequestDelegate next, ILogger<RequestIdMiddleware> logger)
{
    public const string HeaderName = "X-Request-ID";
    public const string ActivityTag = "http.request.id";

    public async Task InvokeAsync(HttpContext context)
    {
        var incoming = context.Request.Headers[HeaderName];
        var requestId = incoming.Count == 1 && RequestId.IsValid(incoming[0]) ? incoming[0]! : RequestId.New();

        context.Features.Set<IRequestIdFeature>(new RequestIdFeature(requestId));
        // OnStarting survives the exception handler clearing the response, so 500s carry the id too.
        context.Response.OnStarting(static state =>
        {
            var (ctx, id) = ((HttpContext, string))state;
            ctx.Response.Headers[HeaderName] = id;
            return Task.CompletedTask;
        }, (context, requestId));

        Activity.Current?.SetTag(ActivityTag, requestId);

        using (logger.BeginScope(new RequestIdLogScope(requestId)))
        {
            await next(context);
        }
    }
}

public interface IRequestIdFeature
{
    string RequestId { get; }
}

internal sealed record RequestIdFeature(string RequestId) : IRequestIdFeature;

/// <summary>A one-field scope that structured log sinks (OpenTelemetry, JSON console) render as <c>RequestId</c>.</summary>
internal sealed class RequestIdLogScope(string requestId) : IReadOnlyList<KeyValuePair<string, object>>
{
    public KeyValuePair<string, object> this[int index] =>
        index == 0 ? new("RequestId", requestId) : throw new ArgumentOutOfRangeException(nameof(index));

    public int Count => 1;

    public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
    {
        yield return this[0];
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"RequestId:{requestId}";
}

public static class RequestIdHttpContextExtensions
{
    public static string? GetRequestId(this HttpContext context) =>
        context.Features.Get<IRequestIdFeature>()?.RequestId;
}
