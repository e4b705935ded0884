using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Auth.Data;
using Platform.ServiceDefaults.Authentication;

namespace Platform.Auth.Tokens;

/// <summary>
/// The Ed25519 signing keys in <c>authdb</c>: the active one (created or rotated on demand, under an advisory
/// lock so replicas agree), and the published set (active + retired within token lifetime + 5 minutes).
/// </summary>
public sealed partial class SigningKeyStore(
    IServiceScopeFactory scopes,
    IDataProtectionProvider dataProtection,
    TimeProvider time,
    RandomNumberGenerator random,
    IOptions<AuthOptions> options,
    ILogger<SigningKeyStore> logger)
{
    /// <summary>How long a replica trusts its in-memory idea of the active key before looking again.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);

    public static readonly TimeSpan RetiredGrace = TimeSpan.FromMinutes(5);

    private const long RotationLockKey = 0x617574686b657973; // "authkeys"

    private readonly IDataProtector _protector = dataProtection.CreateProtector("Platform.Auth.SigningKeys.v1");
    private readonly ConcurrentDictionary<string, Ed25519SecurityKey> _privateKeys = new(StringComparer.Ordinal);
    private (SigningKey Key, DateTimeOffset LoadedAt)? _active;

    private TimeSpan RotationPeriod => TimeSpan.FromDays(options.Value.KeyRotationDays);

    /// <summary>Retired keys leave the JWKS after this long: no token they signed can still be valid.</summary>
    public TimeSpan PublishRetiredFor => TimeSpan.FromMinutes(options.Value.AccessTokenMinutes) + RetiredGrace;

    /// <summary>The key that signs new tokens; rotates first when the active key is older than the rotation period.</summary>
    public async Task<Ed25519SecurityKey> GetSigningKeyAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (_active is not { } cached || now - cached.LoadedAt >= CacheFor || IsDue(cached.Key, now))
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
            var active = await FindActiveAsync(db, ct);
            if (active is null || IsDue(active, now))
            {
                active = await RotateAsync(db, force: false, ct);
            }

            _active = cached = (active, now);
        }

        return _privateKeys.GetOrAdd(cached.Key.Id, _ => Unprotect(cached.Key));
    }

    /// <summary>Retires the active key and creates a new one now.</summary>
    public async Task<SigningKey> RotateNowAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
        var key = await RotateAsync(db, force: true, ct);
        _active = (key, time.GetUtcNow());
        return key;
    }

    /// <summary>The public keys for the JWKS: the active key and keys retired less than <see cref="PublishRetiredFor"/> ago.</summary>
    public async Task<IReadOnlyList<Ed25519SecurityKey>> GetPublishedKeysAsync(CancellationToken ct)
    {
        await GetSigningKeyAsync(ct);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
        var cutoff = time.GetUtcNow() - PublishRetiredFor;
        var keys = await db.SigningKeys.AsNoTracking()
            .Where(k => k.RetiredAt == null || k.RetiredAt > cutoff)
            .OrderByDescending(k => k.CreatedAt)
            .Select(k => new { k.Id, k.PublicKey })
            .ToListAsync(ct);
        return [.. keys.Select(k => Ed25519SecurityKey.FromPublicKey(k.PublicKey, k.Id))];
    }

    private bool IsDue(SigningKey key, DateTimeOffset now) => now - key.CreatedAt >= RotationPeriod;

    private static Task<SigningKey?> FindActiveAsync(AuthDbContext db, CancellationToken ct) =>
        db.SigningKeys.AsNoTracking().Where(k => k.RetiredAt == null)
            .OrderByDescending(k => k.CreatedAt).FirstOrDefaultAsync(ct);

    private async Task<SigningKey> RotateAsync(AuthDbContext db, bool force, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async token =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({RotationLockKey})", token);

            var now = time.GetUtcNow();
            // Another replica may have rotated while this one waited for the lock.
            var active = await FindActiveAsync(db, token);
            if (!force && active is not null && !IsDue(active, now))
            {
                return active;
            }

            await db.SigningKeys.Where(k => k.RetiredAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(k => k.RetiredAt, now), token);
            var created = CreateKey(now);
            db.SigningKeys.Add(created);
            await db.SaveChangesAsync(token);
            await transaction.CommitAsync(token);
            LogRotated(created.Id, active?.Id);
            return created;
        }, ct);
    }

    private SigningKey CreateKey(DateTimeOffset now)
    {
        Span<byte> kidBytes = stackalloc byte[12];
        random.GetBytes(kidBytes);
        var kid = WebEncoders.Base64UrlEncode(kidBytes);
        using var key = Ed25519SecurityKey.Generate(kid);
        var privateKey = key.ExportPrivateKey();
        try
        {
            return new SigningKey
            {
                Id = kid,
                PublicKey = key.PublicKeyBytes,
                ProtectedPrivateKey = _protector.Protect(privateKey),
                CreatedAt = now,
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(privateKey);
        }
    }

    private Ed25519SecurityKey Unprotect(SigningKey key)
    {
        var privateKey = _protector.Unprotect(key.ProtectedPrivateKey);
        try
        {
            return Ed25519SecurityKey.FromPrivateKey(privateKey, key.Id);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(privateKey);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Signing key rotated: new kid {NewKid}, retired {OldKid}")]
    private partial void LogRotated(string newKid, string? oldKid);
}
