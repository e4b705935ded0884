using Microsoft.IdentityModel.Tokens;

namespace Platform.ServiceDefaults.Authentication;

/// <summary>
/// Hands Microsoft.IdentityModel (JsonWebTokenHandler, JwtBearer) Ed25519 signature providers for
/// <see cref="Ed25519SecurityKey"/> and <c>EdDSA</c>; every other key or algorithm goes to the default factory,
/// so an Ed25519 key can never be used with <c>HS256</c> or <c>none</c>.
/// </summary>
public sealed class Ed25519CryptoProviderFactory : CryptoProviderFactory
{
    public static Ed25519CryptoProviderFactory Instance { get; } = new();

    public override bool IsSupportedAlgorithm(string algorithm, SecurityKey key) => key is Ed25519SecurityKey
        ? algorithm == Ed25519SecurityKey.Algorithm
        : Default.IsSupportedAlgorithm(algorithm, key);

    public override bool IsSupportedAlgorithm(string algorithm) =>
        algorithm == Ed25519SecurityKey.Algorithm || Default.IsSupportedAlgorithm(algorithm);

    public override SignatureProvider CreateForSigning(SecurityKey key, string algorithm) =>
        CreateForSigning(key, algorithm, cacheProvider: true);

    public override SignatureProvider CreateForSigning(SecurityKey key, string algorithm, bool cacheProvider) =>
        key is Ed25519SecurityKey ed25519
            ? new Ed25519SignatureProvider(ed25519, algorithm, willSign: true)
            : Default.CreateForSigning(key, algorithm, cacheProvider);

    public override SignatureProvider CreateForVerifying(SecurityKey key, string algorithm) =>
        CreateForVerifying(key, algorithm, cacheProvider: true);

    public override SignatureProvider CreateForVerifying(SecurityKey key, string algorithm, bool cacheProvider)
    {
        if (key is not Ed25519SecurityKey ed25519)
        {
            return Default.CreateForVerifying(key, algorithm, cacheProvider);
        }

        return algorithm == Ed25519SecurityKey.Algorithm
            ? ed25519.Verifier
            : throw new NotSupportedException($"Ed25519 keys only verify '{Ed25519SecurityKey.Algorithm}', not '{algorithm}'.");
    }

    public override void ReleaseSignatureProvider(SignatureProvider signatureProvider)
    {
        // Ed25519 providers are cheap or cached on their key; nothing to release.
        if (signatureProvider is not Ed25519SignatureProvider)
        {
            Default.ReleaseSignatureProvider(signatureProvider);
        }
    }
}
