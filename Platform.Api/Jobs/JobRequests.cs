using System.Text.Json;
using Platform.Core.Jobs;
using Platform.Core.Jobs.Schedules;

namespace Platform.Api.Jobs;

/// <summary>
/// Reads jobs request bodies by hand so every bad field is a 400 naming it (<c>schedule.intervalSeconds</c>,
/// <c>payload.durationMs</c>), never a 500 or a generic binding error.
/// </summary>
public static class JobRequests
{
    public const int MaxBodyBytes = 64 * 1024;

    public sealed record Body(JsonDocument? Document, Dictionary<string, string[]> Errors) : IDisposable
    {
        public JsonElement Root => Document!.RootElement;

        public void Dispose() => Document?.Dispose();
    }

    public static async Task<Body> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!request.HasJsonContentType())
        {
            errors["Content-Type"] = ["The body must be JSON (Content-Type: application/json)."];
            return new Body(null, errors);
        }
        try
        {
            using var limited = new MemoryStream();
            // Read at most one byte past the limit: an oversized body is refused without being buffered whole.
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                limited.Write(buffer, 0, read);
                if (limited.Length > MaxBodyBytes)
                {
                    errors["body"] = [$"The body must be at most {MaxBodyBytes} bytes."];
                    return new Body(null, errors);
                }
            }
            limited.Position = 0;
            var document = await JsonDocument.ParseAsync(limited, new JsonDocumentOptions { MaxDepth = 32 }, cancellationToken);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                errors["body"] = ["The body must be a JSON object."];
                return new Body(null, errors);
            }
            return new Body(document, errors);
        }
        catch (JsonException)
        {
            errors["body"] = ["The body is not valid JSON."];
            return new Body(null, errors);
        }
    }

    public static CreateJobRequest ToCreate(Body body) => new(
        String(body, body.Root, "name"),
        String(body, body.Root, "type"),
        Schedule(body, body.Root),
        Payload(body.Root),
        Bool(body, body.Root, "enabled"));

    public static UpdateJobRequest ToUpdate(Body body) => new(
        String(body, body.Root, "name"),
        Schedule(body, body.Root),
        Payload(body.Root),
        Bool(body, body.Root, "enabled"));

    public static PreviewScheduleRequest ToPreview(Body body) => new(Schedule(body, body.Root));

    private static JsonElement? Payload(JsonElement root) =>
        root.TryGetProperty("payload", out var payload) && payload.ValueKind != JsonValueKind.Null ? payload.Clone() : null;

    private static JobSchedule? Schedule(Body body, JsonElement root)
    {
        if (!root.TryGetProperty("schedule", out var schedule) || schedule.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (schedule.ValueKind != JsonValueKind.Object)
        {
            body.Errors["schedule"] = ["schedule must be an object {kind, cron?, timeZone?, intervalSeconds?, runAt?}."];
            return null;
        }
        int? interval = null;
        if (schedule.TryGetProperty("intervalSeconds", out var seconds) && seconds.ValueKind != JsonValueKind.Null)
        {
            if (seconds.ValueKind == JsonValueKind.Number && seconds.TryGetInt32(out var value))
            {
                interval = value;
            }
            else
            {
                body.Errors["schedule.intervalSeconds"] = ["intervalSeconds must be an integer."];
            }
        }
        DateTimeOffset? runAt = null;
        if (schedule.TryGetProperty("runAt", out var at) && at.ValueKind != JsonValueKind.Null)
        {
            if (at.ValueKind == JsonValueKind.String && at.TryGetDateTimeOffset(out var value))
            {
                runAt = value;
            }
            else
            {
                body.Errors["schedule.runAt"] = ["runAt must be an ISO 8601 date and time with an offset, between 0001 and 9999."];
            }
        }
        return new JobSchedule
        {
            Kind = String(body, schedule, "kind", "schedule."),
            Cron = String(body, schedule, "cron", "schedule."),
            TimeZone = String(body, schedule, "timeZone", "schedule."),
            IntervalSeconds = interval,
            RunAt = runAt,
        };
    }

    private static string? String(Body body, JsonElement parent, string name, string prefix = "")
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            body.Errors[prefix + name] = [$"{name} must be a string."];
            return null;
        }
        string text;
        try
        {
            text = value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            body.Errors[prefix + name] = [$"{name} is not valid Unicode."];
            return null;
        }
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            body.Errors[prefix + name] = [$"{name} must not contain NUL characters."];
            return null;
        }
        return text;
    }

    private static bool? Bool(Body body, JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }
        body.Errors[name] = [$"{name} must be true or false."];
        return null;
    }
}
