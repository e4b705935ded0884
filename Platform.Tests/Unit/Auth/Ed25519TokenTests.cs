using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Platform.ServiceDefaults.Authentication;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Unit.Auth;

[Trait(Category.Name, Category.Unit)]
public sealed class Ed25519TokenTests
{
    private static readonly JsonWebTokenHandler Handler = new();

    [Fact]
    public async Task A_token_signed_with_an_Ed25519_key_validates_with_its_public_half_from_a_jwk()
    {
        using var key = Ed25519SecurityKey.Generate("k1");
        var jwt = Create(key);
        Assert.True(Ed25519JsonWebKeys.TryConvert(key.ToJsonWebKey(), out var publicOnly));
        Assert.False(publicOnly.HasPrivateKey);

        var result = await Handler.ValidateTokenAsync(jwt, Parameters(publicOnly));
        Assert.True(result.IsValid, result.Exception?.ToString());
        Assert.Equal("EdDSA", new JsonWebToken(jwt).Alg);
        Assert.Equal("k1", new JsonWebToken(jwt).Kid);
    }

    [Fact]
    public async Task Another_keys_signature_does_not_validate()
    {
        using var signer = Ed25519SecurityKey.Generate("k1");
        using var other = Ed25519SecurityKey.Generate("k1");
        var result = await Handler.ValidateTokenAsync(Create(signer), Parameters(other));
        Assert.False(result.IsValid);
    }

    [Fact]
    public async Task HS256_with_the_public_key_bytes_is_refused()
    {
        using var key = Ed25519SecurityKey.Generate("k1");
        var header = Base64UrlEncoder.Encode("""{"alg":"HS256","typ":"JWT","kid":"k1"}""");
        var payload = Base64UrlEncoder.Encode("""{"iss":"i","aud":"a","exp":4102444800}""");
        var mac = HMACSHA256.HashData(key.PublicKeyBytes, Encoding.ASCII.GetBytes($"{header}.{payload}"));
        var parameters = Parameters(key);
        parameters.ValidAlgorithms = null;
        var result = await Handler.ValidateTokenAsync($"{header}.{payload}.{Base64UrlEncoder.Encode(mac)}", parameters);
        Assert.False(result.IsValid);
    }

    [Fact]
    public void The_factory_supports_only_EdDSA_for_Ed25519_keys()
    {
        using var key = Ed25519SecurityKey.Generate("k1");
        var factory = Ed25519CryptoProviderFactory.Instance;
        Assert.True(factory.IsSupportedAlgorithm("EdDSA", key));
        Assert.False(factory.IsSupportedAlgorithm("HS256", key));
        Assert.False(factory.IsSupportedAlgorithm("none", key));
        Assert.Throws<NotSupportedException>(() => factory.CreateForVerifying(key, "RS256"));
    }

    [Fact]
    public void Signature_provider_rejects_wrong_lengths_and_verifies_with_offsets()
    {
        using var key = Ed25519SecurityKey.Generate("k1");
        var data = Encoding.UTF8.GetBytes("xxhello");
        using var signer = new Ed25519SignatureProvider(key, "EdDSA", willSign: true);
        var signature = signer.Sign(data, 2, 5);
        Assert.Equal(64, signature.Length);
        Assert.True(key.Verifier.Verify(data, 2, 5, signature, 0, 64));
        Assert.True(key.Verifier.Verify(Encoding.UTF8.GetBytes("hello"), signature));
        Assert.False(key.Verifier.Verify(data, 2, 5, signature, 0, 63));
    }

    [Fact]
    public void A_public_only_key_cannot_sign()
    {
        using var key = Ed25519SecurityKey.Generate("k1");
        var publicOnly = Ed25519SecurityKey.FromPublicKey(key.PublicKeyBytes, "k1");
        Assert.Throws<InvalidOperationException>(() => new Ed25519SignatureProvider(publicOnly, "EdDSA", willSign: true));
    }

    [Fact]
    public void Private_key_round_trips_through_export_and_import()
    {
        using var key = Ed25519SecurityKey.Generate("k1");
        using var copy = Ed25519SecurityKey.FromPrivateKey(key.ExportPrivateKey(), "k1");
        Assert.Equal(key.PublicKeyBytes, copy.PublicKeyBytes);
    }

    [Fact]
    public void Jwks_conversion_keeps_Ed25519_keys_and_skips_others()
    {
        using var key = Ed25519SecurityKey.Generate("ed");
        var jwk = key.ToJsonWebKey();
        var json = $$"""
            {"keys":[
              {"kty":"OKP","crv":"Ed25519","x":"{{jwk.X}}","kid":"ed","alg":"EdDSA","use":"sig"},
              {"kty":"OKP","crv":"X25519","x":"{{jwk.X}}","kid":"x"},
              {"kty":"RSA","n":"AQAB","e":"AQAB","kid":"rsa"}
            ]}
            """;
        var keys = Ed25519JsonWebKeys.FromJwks(json);
        Assert.Equal("ed", Assert.Single(keys).KeyId);
        Assert.Equal(key.PublicKeyBytes, keys[0].PublicKeyBytes);
    }

    [Fact]
    public void Jwk_thumbprint_follows_RFC_8037()
    {
        // RFC 8037 appendix A.3: the thumbprint of the example public key.
        var key = Ed25519SecurityKey.FromPublicKey(Base64UrlEncoder.DecodeBytes("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"), null);
        Assert.Equal("kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k", Base64UrlEncoder.Encode(key.ComputeJwkThumbprint()));
    }

    private static string Create(Ed25519SecurityKey key)
    {
        var now = DateTime.UtcNow;
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "issuer",
            Audience = "platform-api",
            Claims = new Dictionary<string, object> { ["sub"] = "u1" },
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(15),
            SigningCredentials = new SigningCredentials(key, "EdDSA"),
        });
    }

    private static TokenValidationParameters Parameters(SecurityKey key) => new TokenValidationParameters
    {
        ValidIssuer = "issuer",
        ValidAudience = "platform-api",
        IssuerSigningKey = key,
    }.UseEd25519Keys();
}
