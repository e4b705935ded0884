using System.Text.Json;
using Platform.Auth.Data;

namespace Platform.Auth.ApiKeys;

public sealed record RateLimitSettings(int MaxRequests, int WindowSeconds);

public sealed record CreateApiKeyRequest(
    string? Name, long? ExpiresIn, Guid? OrganizationId, Dictionary<string, string[]>? Permissions, RateLimitSettings? RateLimit);

public sealed record UpdateApiKeyRequest(string? Name, bool? Enabled, Dictionary<string, string[]>? Permissions);

public sealed record ApiKeyResponse(
    Guid Id, string Name, string Start, Guid UserId, Guid? OrganizationId, Dictionary<string, string[]> Permissions,
    RateLimitSettings? RateLimit, bool Enabled, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt)
{
    public static ApiKeyResponse From(ApiKey k) => new(
        k.Id, k.Name, k.Start, k.UserId, k.OrganizationId, ApiKeyPermissions.Parse(k.Permissions), ApiKeyPermissions.RateLimitOf(k),
        k.Enabled, k.CreatedAt, k.UpdatedAt, k.ExpiresAt, k.LastUsedAt);
}

/// <summary>The create answer: the only time the secret <c>key</c> leaves the service.</summary>
public sealed record CreatedApiKeyResponse(
    string Key, Guid Id, string Name, string Start, Guid UserId, Guid? OrganizationId, Dictionary<string, string[]> Permissions,
    RateLimitSettings? RateLimit, bool Enabled, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt);

public sealed record VerifyApiKeyRequest(string? Key);

public sealed record VerifiedKey(
    Guid Id, Guid UserId, Guid? OrganizationId, Dictionary<string, string[]> Permissions, RateLimitSettings? RateLimit, DateTimeOffset? ExpiresAt);

public sealed record VerifyApiKeyResponse(bool Valid, VerifiedKey? Key = null, string? Reason = null);

public static class ApiKeyPermissions
{
    public static readonly IReadOnlyDictionary<string, string[]> All = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["tasks"] = ["read", "write"],
        ["files"] = ["read", "write"],
        ["jobs"] = ["read", "write"],
    };

    /// <summary>Null when every resource is known and every action is read or write; else the problem.</summary>
    public static string? Validate(Dictionary<string, string[]> permissions)
    {
        foreach (var (resource, actions) in permissions)
        {
            if (!All.TryGetValue(resource, out var allowed))
            {
                return $"Unknown resource '{resource}'; use tasks, files or jobs.";
            }

            if (actions is null || actions.Any(a => !allowed.Contains(a, StringComparer.Ordinal)))
            {
                return $"Actions for '{resource}' must be read and/or write.";
            }
        }

        return null;
    }

    public static string Serialize(Dictionary<string, string[]> permissions) =>
        JsonSerializer.Serialize(permissions.ToDictionary(p => p.Key, p => p.Value.Distinct(StringComparer.Ordinal).ToArray()));

    public static Dictionary<string, string[]> Parse(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string[]>>(json) ?? [];

    public static RateLimitSettings? RateLimitOf(ApiKey k) =>
        k is { RateLimitMaxRequests: { } max, RateLimitWindowSeconds: { } window } ? new RateLimitSettings(max, window) : null;
}
