using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Platform.Tests.Integration.Auth;

/// <summary>Reads and re-assembles compact JWS parts for tests that inspect or tamper with tokens.</summary>
public static class JwtParts
{
    public static JsonElement Header(string jwt) => Decode(jwt.Split('.')[0]);

    public static JsonElement Payload(string jwt) => Decode(jwt.Split('.')[1]);

    public static string Encode(object value) => Base64UrlEncoder.Encode(JsonSerializer.SerializeToUtf8Bytes(value));

    private static JsonElement Decode(string part) => JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(part)).RootElement.Clone();

    public static Dictionary<string, object?> PayloadDictionary(string jwt) =>
        JsonSerializer.Deserialize<Dictionary<string, object?>>(Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(jwt.Split('.')[1])))!;
}
