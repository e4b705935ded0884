using System.Security.Cryptography;
using System.Text;

namespace Platform.Auth.Tokens;

/// <summary>Checks the <c>X-Internal-Token</c> header against <c>Auth:InternalToken</c> in constant time.</summary>
public static class InternalToken
{
    public const string HeaderName = "X-Internal-Token";

    public static bool IsValid(HttpRequest request, AuthOptions options)
    {
        if (string.IsNullOrEmpty(options.InternalToken)
            || request.Headers[HeaderName] is not [{ Length: > 0 } presented])
        {
            return false;
        }

        // Hash both sides first so the comparison takes the same time whatever the lengths.
        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(options.InternalToken)));
    }
}
