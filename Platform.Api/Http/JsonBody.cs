using System.Text.Json;

namespace Platform.Api.Http;

/// <summary>
/// Reads a JSON object body by hand so every failure is a 400 that names the field: wrong content type,
/// malformed JSON, wrong types, NUL characters, out-of-range dates. Nothing here throws for client input.
/// </summary>
public sealed class JsonBody : IDisposable
{
    public const string BodyField = "body";
    public const string ContentTypeField = "Content-Type";
    public const int MaxBytes = 64 * 1024;

    private readonly JsonDocument? _document;

    private JsonBody(JsonDocument? document) => _document = document;

    public Dictionary<string, string[]> Errors { get; } = new(StringComparer.Ordinal);

    public bool IsValid => Errors.Count == 0;

    private JsonElement Root => _document!.RootElement;

    public static async Task<JsonBody> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return Failed(ContentTypeField, "The body must be JSON (Content-Type: application/json).");
        }

        if (request.ContentLength > MaxBytes)
        {
            return Failed(BodyField, $"The body must be at most {MaxBytes} bytes.");
        }

        try
        {
            // Reads at most one byte past the limit: a chunked body without a length is refused at its first extra byte.
            using var limited = new MemoryStream();
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await request.Body.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, MaxBytes + 1 - limited.Length)), cancellationToken)) > 0)
            {
                limited.Write(buffer, 0, read);
                if (limited.Length > MaxBytes)
                {
                    return Failed(BodyField, $"The body must be at most {MaxBytes} bytes.");
                }
            }

            limited.Position = 0;
            var document = await JsonDocument.ParseAsync(limited, new JsonDocumentOptions { MaxDepth = 32 }, cancellationToken);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                return Failed(BodyField, "The body must be a JSON object.");
            }

            return new JsonBody(document);
        }
        catch (JsonException)
        {
            return Failed(BodyField, "The body is not valid JSON.");
        }
    }

    public bool Has(string name) => _document is not null && Root.TryGetProperty(name, out _);

    /// <summary>A string field: absent → (false, null); null allowed only when <paramref name="nullable"/>.</summary>
    public bool TryString(string name, bool nullable, int minLength, int maxLength, out string? value)
    {
        value = null;
        if (!Root.TryGetProperty(name, out var element))
        {
            return false;
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Null when nullable:
                return true;
            case JsonValueKind.Null:
                AddError(name, $"'{name}' cannot be null.");
                return false;
            case JsonValueKind.String:
                break;
            default:
                AddError(name, $"'{name}' must be a string.");
                return false;
        }

        string text;
        try
        {
            text = element.GetString()!;
        }
        catch (InvalidOperationException)
        {
            AddError(name, $"'{name}' is not valid Unicode.");
            return false;
        }

        if (text.Contains('\0', StringComparison.Ordinal))
        {
            AddError(name, $"'{name}' must not contain NUL characters.");
            return false;
        }

        if (text.Length < minLength || (minLength > 0 && string.IsNullOrWhiteSpace(text)))
        {
            AddError(name, minLength == 1 ? $"'{name}' is required." : $"'{name}' must be at least {minLength} characters.");
            return false;
        }

        if (text.Length > maxLength)
        {
            AddError(name, $"'{name}' must be at most {maxLength} characters.");
            return false;
        }

        value = text;
        return true;
    }

    /// <summary>An ISO 8601 date-time between 0001-01-01 and 9999-12-31 (UTC), or null when allowed.</summary>
    public bool TryDateTime(string name, out DateTimeOffset? value)
    {
        value = null;
        if (!Root.TryGetProperty(name, out var element))
        {
            return false;
        }

        if (element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        try
        {
            if (element.ValueKind == JsonValueKind.String && element.TryGetDateTimeOffset(out var parsed))
            {
                value = parsed.ToUniversalTime();
                return true;
            }
        }
        catch (ArgumentOutOfRangeException)
        {
            // falls through: the offset moves it outside DateTimeOffset's range
        }

        AddError(name, $"'{name}' must be an ISO 8601 date-time between 0001-01-01 and 9999-12-31.");
        return false;
    }

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>, or null.</summary>
    public bool TryInt64(string name, long min, long max, out long? value)
    {
        value = null;
        if (!Root.TryGetProperty(name, out var element))
        {
            return false;
        }

        if (element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var number) && number >= min && number <= max)
        {
            value = number;
            return true;
        }

        AddError(name, $"'{name}' must be a whole number from {min} to {max}.");
        return false;
    }

    public void AddError(string name, string message) => Errors[name] = [.. Errors.GetValueOrDefault(name) ?? [], message];

    public void Dispose() => _document?.Dispose();

    private static JsonBody Failed(string field, string message)
    {
        var body = new JsonBody(null);
        body.AddError(field, message);
        return body;
    }
}
