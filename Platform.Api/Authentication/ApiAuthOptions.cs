using System.ComponentModel.DataAnnotations;

namespace Platform.Api.Authentication;

/// <summary>The API's side of the <c>Auth</c> section: how it validates JWTs and verifies API keys.</summary>
public sealed class ApiAuthOptions
{
    public const string Section = "Auth";

    /// <summary>Expected JWT <c>iss</c>. Leave empty only in development: the issuer is then not checked.</summary>
    public string? Issuer { get; set; }

    [Required]
    public string Audience { get; set; } = "platform-api";

    /// <summary>Base address of the auth service, resolved by service discovery.</summary>
    [Required]
    public Uri ServiceUrl { get; set; } = new("http://auth");

    /// <summary>Sent as <c>X-Internal-Token</c> to <c>/internal/api-keys/verify</c> (AppHost parameter <c>internal-token</c>).</summary>
    public string? InternalToken { get; set; }

    /// <summary>How long fetched signing keys count as fresh; refreshed in the background before that.</summary>
    [Range(10, 86_400)]
    public int JwksTtlSeconds { get; set; } = 600;

    /// <summary>A token with an unknown <c>kid</c> triggers a JWKS fetch at most this often.</summary>
    [Range(1, 3600)]
    public int JwksUnknownKeyRefetchSeconds { get; set; } = 30;

    [Range(1, 3600)]
    public int ApiKeyValidCacheSeconds { get; set; } = 30;

    [Range(1, 3600)]
    public int ApiKeyInvalidCacheSeconds { get; set; } = 5;

    /// <summary>Upper bound for one call to the auth service, retries included.</summary>
    [Range(1, 60)]
    public int CallTimeoutSeconds { get; set; } = 5;
}
