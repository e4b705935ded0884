using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.Core.Jobs.Types;

/// <summary>
/// One field of a job type's payload. The list of fields is the payload schema: it validates a request
/// (errors keyed <c>payload.name</c>), fills defaults, and is published as JSON Schema by <c>GET /api/jobs/types</c>.
/// </summary>
public abstract record PayloadField(string Name, string Description, bool Required)
{
    /// <summary>The value to store, or an error message.</summary>
    public abstract bool TryRead(JsonElement value, out JsonNode? normalized, out string error);

    public abstract JsonNode? Default { get; }

    public abstract JsonObject ToJsonSchema();
}

public sealed record IntegerField(string Name, string Description, int Minimum, int Maximum, int? DefaultValue, bool Required = false)
    : PayloadField(Name, Description, Required)
{
    public override JsonNode? Default => DefaultValue is { } value ? JsonValue.Create(value) : null;

    public override bool TryRead(JsonElement value, out JsonNode? normalized, out string error)
    {
        normalized = null;
        error = "";
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
        {
            error = $"{Name} must be an integer between {Minimum} and {Maximum}.";
            return false;
        }
        if (number < Minimum || number > Maximum)
        {
            error = $"{Name} must be between {Minimum} and {Maximum}.";
            return false;
        }
        normalized = JsonValue.Create(number);
        return true;
    }

    public override JsonObject ToJsonSchema() => new()
    {
        ["type"] = "integer",
        ["description"] = Description,
        ["minimum"] = Minimum,
        ["maximum"] = Maximum,
        ["default"] = Default?.DeepClone(),
    };
}

public sealed record BooleanField(string Name, string Description, bool DefaultValue)
    : PayloadField(Name, Description, Required: false)
{
    public override JsonNode? Default => JsonValue.Create(DefaultValue);

    public override bool TryRead(JsonElement value, out JsonNode? normalized, out string error)
    {
        normalized = null;
        error = "";
        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            error = $"{Name} must be true or false.";
            return false;
        }
        normalized = JsonValue.Create(value.GetBoolean());
        return true;
    }

    public override JsonObject ToJsonSchema() => new()
    {
        ["type"] = "boolean",
        ["description"] = Description,
        ["default"] = DefaultValue,
    };
}

public sealed record EnumField(string Name, string Description, IReadOnlyList<string> Values, string? DefaultValue, bool Required = false)
    : PayloadField(Name, Description, Required)
{
    public override JsonNode? Default => DefaultValue is null ? null : JsonValue.Create(DefaultValue);

    public override bool TryRead(JsonElement value, out JsonNode? normalized, out string error)
    {
        normalized = null;
        error = "";
        string? text = null;
        try
        {
            text = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        }
        catch (InvalidOperationException)
        {
            // Not decodable (a lone surrogate): no allowed value either.
        }
        if (text is null || !Values.Contains(text, StringComparer.Ordinal))
        {
            error = $"{Name} must be one of: {string.Join(", ", Values)}.";
            return false;
        }
        normalized = JsonValue.Create(text);
        return true;
    }

    public override JsonObject ToJsonSchema() => new()
    {
        ["type"] = "string",
        ["description"] = Description,
        ["enum"] = new JsonArray([.. Values.Select(v => JsonValue.Create(v))]),
        ["default"] = Default?.DeepClone(),
    };
}
