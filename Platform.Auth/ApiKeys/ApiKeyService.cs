using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Platform.Auth.Data;
using Platform.Auth.Sessions;

namespace Platform.Auth.ApiKeys;

/// <summary>Creates API keys (<c>pk_</c> + 43 base64url characters, stored as SHA-256) and verifies them.</summary>
public sealed class ApiKeyService(AuthDbContext db, TimeProvider time, RandomNumberGenerator random)
{
    public const string Prefix = "pk_";

    public async Task<(ApiKey Row, string Key)> CreateAsync(Guid userId, CreateApiKeyRequest request, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var key = Prefix + SecretTokens.Generate(random);
        var row = new ApiKey
        {
            Id = Guid.CreateVersion7(now),
            Name = request.Name!.Trim(),
            Start = key[..8],
            KeyHash = SecretTokens.Hash(key),
            UserId = userId,
            OrganizationId = request.OrganizationId,
            Permissions = ApiKeyPermissions.Serialize(request.Permissions ?? new(ApiKeyPermissions.All)),
            RateLimitMaxRequests = request.RateLimit?.MaxRequests,
            RateLimitWindowSeconds = request.RateLimit?.WindowSeconds,
            Enabled = true,
            CreatedAt = now,
            UpdatedAt = now,
            ExpiresAt = request.ExpiresIn is { } seconds ? now.AddSeconds(seconds) : null,
        };
        db.ApiKeys.Add(row);
        await db.SaveChangesAsync(ct);
        return (row, key);
    }

    public async Task<VerifyApiKeyResponse> VerifyAsync(string key, CancellationToken ct)
    {
        var hash = SecretTokens.Hash(key);
        var row = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.KeyHash == hash, ct);
        var now = time.GetUtcNow();
        var reason = row switch
        {
            null => "not_found",
            { RevokedAt: not null } => "revoked",
            { Enabled: false } => "disabled",
            { ExpiresAt: { } expires } when expires <= now => "expired",
            _ => null,
        };
        if (reason is not null)
        {
            return new VerifyApiKeyResponse(false, Reason: reason);
        }

        await db.ApiKeys.Where(k => k.Id == row!.Id).ExecuteUpdateAsync(u => u.SetProperty(k => k.LastUsedAt, now), ct);
        return new VerifyApiKeyResponse(true, new VerifiedKey(row!.Id, row.UserId, row.OrganizationId,
            ApiKeyPermissions.Parse(row.Permissions), ApiKeyPermissions.RateLimitOf(row), row.ExpiresAt));
    }
}
