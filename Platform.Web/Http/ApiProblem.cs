using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Platform.Web.Http;

/// <summary>
/// An RFC 9457 problem-details answer from auth or api, reduced to what a page shows:
/// one message, and field errors keyed case-insensitively by the field name the service used.
/// </summary>
public sealed class ApiProblem
{
    public ApiProblem(HttpStatusCode status, string message, IReadOnlyDictionary<string, string[]>? errors = null, TimeSpan? retryAfter = null)
    {
        Status = status;
        Message = message;
        Errors = errors is null
            ? new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
            : new Dictionary<string, string[]>(errors, StringComparer.OrdinalIgnoreCase);
        RetryAfter = retryAfter;
    }

    public HttpStatusCode Status { get; }

    public string Message { get; }

    public IReadOnlyDictionary<string, string[]> Errors { get; }

    public TimeSpan? RetryAfter { get; }

    /// <summary>Messages for <paramref name="field"/>; also matches "Field" vs "field" and nested names ending in ".field".</summary>
    public IEnumerable<string> For(string field)
    {
        foreach (var (key, messages) in Errors)
        {
            if (string.Equals(key, field, StringComparison.OrdinalIgnoreCase)
                || key.EndsWith("." + field, StringComparison.OrdinalIgnoreCase)
                || key.StartsWith(field + ".", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("$." + field, StringComparison.OrdinalIgnoreCase))
            {
                foreach (var message in messages)
                {
                    yield return message;
                }
            }
        }
    }

    public static ApiProblem Unavailable(string service) =>
        new(HttpStatusCode.ServiceUnavailable, $"The {service} service is not answering. Try again in a moment.");

    public static async Task<ApiProblem> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var retryAfter = response.Headers.RetryAfter?.Delta;
        string? title = null;
        string? detail = null;
        Dictionary<string, string[]>? errors = null;
        try
        {
            if (response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
            {
                using var document = await response.Content.ReadFromJsonAsync<JsonDocument>(cancellationToken);
                var root = document?.RootElement;
                if (root is { ValueKind: JsonValueKind.Object } obj)
                {
                    title = StringProperty(obj, "title");
                    detail = StringProperty(obj, "detail") ?? StringProperty(obj, "message");
                    if (obj.TryGetProperty("errors", out var errorsElement) && errorsElement.ValueKind == JsonValueKind.Object)
                    {
                        errors = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
                        foreach (var property in errorsElement.EnumerateObject())
                        {
                            errors[property.Name] = property.Value.ValueKind == JsonValueKind.Array
                                ? property.Value.EnumerateArray().Select(e => e.ToString()).ToArray()
                                : [property.Value.ToString()];
                        }
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Not problem details after all; fall back to the status code's words below.
        }

        var message = detail ?? title ?? DefaultMessage(response.StatusCode);
        if (errors is { Count: > 0 } && detail is null)
        {
            message = title is null or "One or more validation errors occurred." ? "Please correct the highlighted fields." : title;
        }

        return new ApiProblem(response.StatusCode, message, errors, retryAfter);
    }

    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string DefaultMessage(HttpStatusCode status) => status switch
    {
        HttpStatusCode.NotFound => "Not found.",
        HttpStatusCode.Forbidden => "You are not allowed to do that.",
        HttpStatusCode.Unauthorized => "Please sign in again.",
        HttpStatusCode.TooManyRequests => "Too many requests. Wait a moment and try again.",
        HttpStatusCode.RequestEntityTooLarge => "The file is too large.",
        HttpStatusCode.PreconditionFailed => "Someone else changed this in the meantime. Reload and try again.",
        >= HttpStatusCode.InternalServerError => "Something went wrong on our side. Try again in a moment.",
        _ => "The request could not be completed.",
    };
}
