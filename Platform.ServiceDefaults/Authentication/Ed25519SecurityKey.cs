using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;
using NSec.Cryptography;

namespace Platform.ServiceDefaults.Authentication;

/// <summary>
/// An Ed25519 key (RFC 8037, <c>kty: OKP</c>, <c>crv: Ed25519</c>) for Microsoft.IdentityModel, which has no
/// Ed25519 of its own. Holds the NSec public key and, when signing, the private key; signs and verifies
/// through <see cref="Ed25519CryptoProviderFactory"/>.
/// </summary>
public sealed class Ed25519SecurityKey : SecurityKey, IDisposable
{
    public const string Algorithm = "EdDSA";
    public const string KeyType = "OKP";
    public const string Curve = "Ed25519";

    private Ed25519SignatureProvider? _verifier;

    private Ed25519SecurityKey(PublicKey publicKey, Key? privateKey, string? keyId)
    {
        PublicKey = publicKey;
        PrivateKey = privateKey;
        KeyId = keyId;
        CryptoProviderFactory = Ed25519CryptoProviderFactory.Instance;
    }

    public PublicKey PublicKey { get; }

    /// <summary>The private half; null for a verification-only key (from a JWKS).</summary>
    public Key? PrivateKey { get; }

    public bool HasPrivateKey => PrivateKey is not null;

    public override int KeySize => 256;

    /// <summary>The raw 32-byte public key (the JWK <c>x</c> before base64url).</summary>
    public byte[] PublicKeyBytes => PublicKey.Export(KeyBlobFormat.RawPublicKey);

    public static Ed25519SecurityKey FromPublicKey(ReadOnlySpan<byte> rawPublicKey, string? keyId) =>
        new(PublicKey.Import(SignatureAlgorithm.Ed25519, rawPublicKey, KeyBlobFormat.RawPublicKey), null, keyId);

    /// <summary>Imports a raw 32-byte private key (seed). The key owns the NSec handle: dispose it when retired.</summary>
    public static Ed25519SecurityKey FromPrivateKey(ReadOnlySpan<byte> rawPrivateKey, string? keyId)
    {
        var key = Key.Import(SignatureAlgorithm.Ed25519, rawPrivateKey, KeyBlobFormat.RawPrivateKey,
            new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        return new Ed25519SecurityKey(key.PublicKey, key, keyId);
    }

    /// <summary>A fresh random key pair whose private half can be exported (to be encrypted at rest).</summary>
    public static Ed25519SecurityKey Generate(string? keyId)
    {
        var key = Key.Create(SignatureAlgorithm.Ed25519,
            new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        return new Ed25519SecurityKey(key.PublicKey, key, keyId);
    }

    public byte[] ExportPrivateKey() =>
        (PrivateKey ?? throw new InvalidOperationException("This Ed25519 key has no private half."))
            .Export(KeyBlobFormat.RawPrivateKey);

    /// <summary>The public JWK: <c>{kty:"OKP", crv:"Ed25519", x, kid, alg:"EdDSA", use:"sig"}</c>.</summary>
    public JsonWebKey ToJsonWebKey() => new()
    {
        Kty = KeyType,
        Crv = Curve,
        X = Base64UrlEncoder.Encode(PublicKeyBytes),
        Kid = KeyId,
        Alg = Algorithm,
        Use = "sig",
    };

    public override bool IsSupportedAlgorithm(string algorithm) => algorithm == Algorithm;

    public override bool CanComputeJwkThumbprint() => true;

    /// <summary>RFC 7638 / RFC 8037 thumbprint over the required members in lexicographic order.</summary>
    public override byte[] ComputeJwkThumbprint() =>
        SHA256.HashData(Encoding.UTF8.GetBytes(
            $$"""{"crv":"{{Curve}}","kty":"{{KeyType}}","x":"{{Base64UrlEncoder.Encode(PublicKeyBytes)}}"}"""));

    /// <summary>One cached verifier per key: verifying holds no mutable state, so it is shared by threads.</summary>
    internal Ed25519SignatureProvider Verifier => _verifier ??= new Ed25519SignatureProvider(this, Algorithm, willSign: false);

    public void Dispose() => PrivateKey?.Dispose();
}
