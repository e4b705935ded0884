using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using NSec.Cryptography;
using Platform.ServiceDefaults.Authentication;

namespace Platform.Bench.Auth;

/// <summary>
/// Issuing and validating the platform's EdDSA JWTs through Microsoft.IdentityModel (what JwtBearer runs per request)
/// against the floor: one raw NSec Ed25519 verify of the same signing input.
/// </summary>
[MemoryDiagnoser]
public class JwtBenchmarks : IDisposable
{
    private const string Issuer = "https://auth.platform.test";
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private Ed25519SecurityKey _signingKey = null!;
    private SecurityTokenDescriptor _descriptor = null!;
    private TokenValidationParameters _parameters = null!;
    private string _token = "";
    private byte[] _signingInput = [];
    private byte[] _signature = [];
    private PublicKey _publicKey = null!;

    [GlobalSetup]
    public void Setup()
    {
        _signingKey = Ed25519SecurityKey.Generate("bench-kid");
        var now = DateTime.UtcNow;
        _descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = "platform-api",
            Claims = new Dictionary<string, object>
            {
                ["sub"] = Guid.NewGuid().ToString(),
                ["sid"] = Guid.NewGuid().ToString(),
                ["jti"] = Guid.NewGuid().ToString("N"),
                ["email"] = "someone@example.test",
                ["email_verified"] = true,
                ["name"] = "Some One",
                ["org_id"] = Guid.NewGuid().ToString(),
                ["org_role"] = "member",
            },
            IssuedAt = now,
            NotBefore = now,
            // Long enough that a slow run never sees it expire.
            Expires = now.AddDays(1),
            SigningCredentials = new SigningCredentials(_signingKey, Ed25519SecurityKey.Algorithm),
        };
        _token = _handler.CreateToken(_descriptor);

        // The validating side knows only the public JWK, as JwtBearer does after fetching the JWKS.
        if (!Ed25519JsonWebKeys.TryConvert(_signingKey.ToJsonWebKey(), out var publicKey))
        {
            throw new InvalidOperationException("JWK conversion failed.");
        }

        _parameters = new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = "platform-api",
            IssuerSigningKeys = [publicKey],
        }.UseEd25519Keys();

        var result = _handler.ValidateTokenAsync(_token, _parameters).GetAwaiter().GetResult();
        if (!result.IsValid)
        {
            throw new InvalidOperationException("Benchmark token does not validate.", result.Exception);
        }

        var lastDot = _token.LastIndexOf('.');
        _signingInput = Encoding.ASCII.GetBytes(_token[..lastDot]);
        _signature = Base64UrlEncoder.DecodeBytes(_token[(lastDot + 1)..]);
        _publicKey = PublicKey.Import(SignatureAlgorithm.Ed25519, publicKey.PublicKeyBytes, KeyBlobFormat.RawPublicKey);
    }

    [Benchmark]
    public string IssueToken() => _handler.CreateToken(_descriptor);

    [Benchmark]
    public async Task<bool> ValidateToken_JsonWebTokenHandler() =>
        (await _handler.ValidateTokenAsync(_token, _parameters)).IsValid;

    [Benchmark(Baseline = true)]
    public bool RawNSecVerify() => SignatureAlgorithm.Ed25519.Verify(_publicKey, _signingInput, _signature);

    public void Dispose()
    {
        _signingKey?.Dispose();
        GC.SuppressFinalize(this);
    }
}
