using System.Collections.Concurrent;
using Microsoft.IdentityModel.Tokens;

namespace Platform.ServiceDefaults.Authentication;

/// <summary>
/// Turns JWKS entries with <c>kty: OKP, crv: Ed25519</c> into <see cref="Ed25519SecurityKey"/>s. Microsoft.IdentityModel
/// skips OKP keys when it builds signing keys from a JWKS, so JwtBearer resolves them through <see cref="ResolveSigningKeys"/>.
/// </summary>
public static class Ed25519JsonWebKeys
{
    private static readonly ConcurrentDictionary<(string? Kid, string X), Ed25519SecurityKey> Converted = new();

    public static bool IsEd25519(JsonWebKey jwk) =>
        jwk.Kty == Ed25519SecurityKey.KeyType && jwk.Crv == Ed25519SecurityKey.Curve && !string.IsNullOrEmpty(jwk.X)
        && (string.IsNullOrEmpty(jwk.Alg) || jwk.Alg == Ed25519SecurityKey.Algorithm)
        && (string.IsNullOrEmpty(jwk.Use) || jwk.Use == "sig");

    /// <summary>Converts one JWK; false when it is not a usable Ed25519 public key.</summary>
    public static bool TryConvert(JsonWebKey jwk, out Ed25519SecurityKey key)
    {
        key = null!;
        if (!IsEd25519(jwk))
        {
            return false;
        }

        try
        {
            key = Converted.GetOrAdd((jwk.Kid, jwk.X),
                static k => Ed25519SecurityKey.FromPublicKey(Base64UrlEncoder.DecodeBytes(k.X), k.Kid));
            return true;
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return false;
        }
    }

    /// <summary>All Ed25519 keys of a JWKS document (its JSON text).</summary>
    public static IReadOnlyList<Ed25519SecurityKey> FromJwks(string json) => FromJwks(new JsonWebKeySet(json));

    public static IReadOnlyList<Ed25519SecurityKey> FromJwks(JsonWebKeySet set) =>
        [.. set.Keys.Select(k => TryConvert(k, out var key) ? key : null).OfType<Ed25519SecurityKey>()];

    /// <summary>
    /// For <see cref="TokenValidationParameters.IssuerSigningKeyResolverUsingConfiguration"/>: the Ed25519 keys of the
    /// JWKS JwtBearer fetched (matching <paramref name="kid"/> when the token names one), plus any configured keys.
    /// </summary>
    public static IEnumerable<SecurityKey> ResolveSigningKeys(
        string token, SecurityToken securityToken, string kid, TokenValidationParameters parameters, BaseConfiguration? configuration)
    {
        var keys = new List<SecurityKey>();
        if (configuration is Microsoft.IdentityModel.Protocols.OpenIdConnect.OpenIdConnectConfiguration { JsonWebKeySet: { } set })
        {
            keys.AddRange(FromJwks(set));
        }

        if (parameters.IssuerSigningKeys is { } configured)
        {
            keys.AddRange(configured);
        }

        if (parameters.IssuerSigningKey is { } single)
        {
            keys.Add(single);
        }

        return string.IsNullOrEmpty(kid) ? keys : keys.Where(k => k.KeyId == kid);
    }
}
