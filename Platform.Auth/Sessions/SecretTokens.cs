using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Platform.Auth.Sessions;

/// <summary>Random 256-bit secrets (session tokens, API keys) and the SHA-256 hex under which they are stored.</summary>
public static class SecretTokens
{
    /// <summary>32 random bytes as 43 base64url characters.</summary>
    public static string Generate(RandomNumberGenerator random)
    {
        Span<byte> bytes = stackalloc byte[32];
        random.GetBytes(bytes);
        return WebEncoders.Base64UrlEncode(bytes);
    }

    public static string Hash(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
