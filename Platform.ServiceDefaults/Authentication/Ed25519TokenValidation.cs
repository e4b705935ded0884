using Microsoft.IdentityModel.Tokens;

namespace Platform.ServiceDefaults.Authentication;

public static class Ed25519TokenValidation
{
    /// <summary>
    /// Accepts only <c>EdDSA</c> signatures from Ed25519 keys found in the fetched JWKS (or configured keys).
    /// Use on JwtBearer's <c>TokenValidationParameters</c> together with its <c>MetadataAddress</c>/<c>Authority</c>.
    /// </summary>
    public static TokenValidationParameters UseEd25519Keys(this TokenValidationParameters parameters)
    {
        parameters.ValidAlgorithms = [Ed25519SecurityKey.Algorithm];
        parameters.IssuerSigningKeyResolverUsingConfiguration = Ed25519JsonWebKeys.ResolveSigningKeys;
        parameters.CryptoProviderFactory = Ed25519CryptoProviderFactory.Instance;
        return parameters;
    }
}
