using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Platform.Api.Authentication;

/// <summary>
/// JWTs that passed full validation, keyed by the token's SHA-256 (never the token itself), so a client that
/// sends the same token again is not re-verified (Ed25519 verify and claim parsing are most of a cheap request's
/// cost). An entry is used only before the token's <c>exp</c> and while its <c>kid</c> is still in the JWKS: a
/// retired signing key ends its tokens at the next JWKS refresh, as without the cache.
/// </summary>
public sealed class ValidatedTokenCache(JwksCache jwks, TimeProvider time)
{
    /// <summary>Bounds memory: 15-minute tokens, so this is 10,000 distinct callers active in 15 minutes.</summary>
    public const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    private sealed record Entry(ClaimsIdentity Identity, JsonWebToken Token, string KeyId, DateTimeOffset Expires);

    public int Count => _entries.Count;

    public static string KeyOf(string token) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>A fresh result for a token validated before, or null when it must be validated (again).</summary>
    public TokenValidationResult? TryGet(string key)
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            return null;
        }

        if (entry.Expires <= time.GetUtcNow() || !jwks.Current.Keys.ContainsKey(entry.KeyId))
        {
            _entries.TryRemove(KeyValuePair.Create(key, entry));
            return null;
        }

        // Each request gets its own identity: handlers and events may add claims to it.
        return new TokenValidationResult
        {
            IsValid = true,
            ClaimsIdentity = entry.Identity.Clone(),
            SecurityToken = entry.Token,
            Issuer = entry.Token.Issuer,
            TokenType = entry.Token.Typ,
        };
    }

    public void Add(string key, TokenValidationResult result)
    {
        if (result is not { IsValid: true, ClaimsIdentity: { } identity, SecurityToken: JsonWebToken token }
            || string.IsNullOrEmpty(token.Kid) || token.ValidTo == DateTime.MinValue)
        {
            return;
        }

        var now = time.GetUtcNow();
        BoundedCache.MakeRoom(_entries, MaxEntries, now, e => e.Expires);
        _entries[key] = new Entry(identity.Clone(), token, token.Kid, new DateTimeOffset(token.ValidTo, TimeSpan.Zero));
    }
}

/// <summary>
/// JwtBearer's token handler: answers from <see cref="ValidatedTokenCache"/> when it can; otherwise makes sure the
/// token's <c>kid</c> is known (an unknown one refetches the JWKS, rate-limited by <see cref="JwksCache"/>),
/// validates in full and caches a success.
/// </summary>
public sealed class CachingJsonWebTokenHandler(ValidatedTokenCache cache, JwksCache jwks) : JsonWebTokenHandler
{
    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaximumTokenSizeInBytes)
        {
            return await base.ValidateTokenAsync(token, validationParameters);
        }

        var key = ValidatedTokenCache.KeyOf(token);
        if (cache.TryGet(key) is { } cached)
        {
            return cached;
        }

        if (KeyIdOf(token) is { } kid)
        {
            // Bounded by the JWKS call timeout; a request that gives up meanwhile leaves the fetch to the others.
            await jwks.EnsureKeyAsync(kid, CancellationToken.None);
        }

        var result = await base.ValidateTokenAsync(token, validationParameters);
        cache.Add(key, result);
        return result;
    }

    private string? KeyIdOf(string token)
    {
        try
        {
            return CanReadToken(token) ? ReadJsonWebToken(token).Kid : null;
        }
        catch (Exception e) when (e is ArgumentException or SecurityTokenException or FormatException or System.Text.Json.JsonException)
        {
            return null; // the full validation rejects it with its own reason
        }
    }
}
