using Microsoft.IdentityModel.Tokens;
using NSec.Cryptography;

namespace Platform.ServiceDefaults.Authentication;

/// <summary>Signs and verifies <c>EdDSA</c> (Ed25519) JWS signatures with NSec.</summary>
public sealed class Ed25519SignatureProvider : SignatureProvider
{
    private const int SignatureSize = 64;
    private readonly Ed25519SecurityKey _key;

    public Ed25519SignatureProvider(Ed25519SecurityKey key, string algorithm, bool willSign)
        : base(key, algorithm)
    {
        if (algorithm != Ed25519SecurityKey.Algorithm)
        {
            throw new NotSupportedException($"Ed25519 keys only sign '{Ed25519SecurityKey.Algorithm}', not '{algorithm}'.");
        }

        if (willSign && !key.HasPrivateKey)
        {
            throw new InvalidOperationException("Signing needs an Ed25519 key with its private half.");
        }

        _key = key;
        WillCreateSignatures = willSign;
    }

    public override byte[] Sign(byte[] input) => Sign(input, 0, input.Length);

    public override byte[] Sign(byte[] input, int offset, int count) =>
        SignatureAlgorithm.Ed25519.Sign(PrivateKey, input.AsSpan(offset, count));

    public override bool Sign(ReadOnlySpan<byte> data, Span<byte> destination, out int bytesWritten)
    {
        if (destination.Length < SignatureSize)
        {
            bytesWritten = 0;
            return false;
        }

        SignatureAlgorithm.Ed25519.Sign(PrivateKey, data, destination[..SignatureSize]);
        bytesWritten = SignatureSize;
        return true;
    }

    public override bool Verify(byte[] input, byte[] signature) =>
        SignatureAlgorithm.Ed25519.Verify(_key.PublicKey, input, signature);

    public override bool Verify(byte[] input, int inputOffset, int inputLength, byte[] signature, int signatureOffset, int signatureLength) =>
        signatureLength == SignatureSize
        && SignatureAlgorithm.Ed25519.Verify(_key.PublicKey, input.AsSpan(inputOffset, inputLength),
            signature.AsSpan(signatureOffset, signatureLength));

    private Key PrivateKey => _key.PrivateKey ?? throw new InvalidOperationException("This Ed25519 key cannot sign.");

    // The NSec key belongs to the Ed25519SecurityKey, which outlives its providers.
    protected override void Dispose(bool disposing)
    {
    }
}
