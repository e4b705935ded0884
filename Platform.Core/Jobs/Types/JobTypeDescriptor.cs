using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.Core.Jobs.Types;

/// <summary>A job type users can schedule: its name, the Quartz job class that runs it, and its payload schema.</summary>
public sealed record JobTypeDescriptor(string Name, string Description, Type JobClass, IReadOnlyList<PayloadField> Fields)
{
    /// <summary>Validates a payload (null or an object), fills defaults; errors are keyed <c>payload.field</c>.</summary>
    public JsonObject Validate(JsonElement? payload, Dictionary<string, string[]> errors)
    {
        var normalized = new JsonObject();
        if (payload is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } element)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                errors["payload"] = ["payload must be a JSON object."];
                return normalized;
            }
            foreach (var property in element.EnumerateObject())
            {
                var field = Fields.FirstOrDefault(f => f.Name == property.Name);
                if (field is null)
                {
                    errors[$"payload.{property.Name}"] = [$"{Name} has no payload field '{property.Name}'; fields: {string.Join(", ", Fields.Select(f => f.Name))}."];
                }
                else if (field.TryRead(property.Value, out var value, out var error))
                {
                    normalized[field.Name] = value;
                }
                else
                {
                    errors[$"payload.{field.Name}"] = [error];
                }
            }
        }

        foreach (var field in Fields.Where(f => !normalized.ContainsKey(f.Name) && !errors.ContainsKey($"payload.{f.Name}")))
        {
            if (field.Required)
            {
                errors[$"payload.{field.Name}"] = [$"{field.Name} is required."];
            }
            else if (field.Default is { } value)
            {
                normalized[field.Name] = value.DeepClone();
            }
        }
        return normalized;
    }

    public JsonObject PayloadSchema() => new()
    {
        ["type"] = "object",
        ["additionalProperties"] = false,
        ["required"] = new JsonArray([.. Fields.Where(f => f.Required).Select(f => JsonValue.Create(f.Name))]),
        ["properties"] = new JsonObject(Fields.Select(f => KeyValuePair.Create(f.Name, (JsonNode?)f.ToJsonSchema()))),
    };
}
