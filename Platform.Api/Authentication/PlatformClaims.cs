namespace Platform.Api.Authentication;

/// <summary>Claim types the API reads and adds. JWT claims keep their short names (inbound mapping is off).</summary>
public static class PlatformClaims
{
    public const string Subject = "sub";
    public const string Email = "email";
    public const string Name = "name";
    public const string OrganizationId = "org_id";
    public const string OrganizationRole = "org_role";
    public const string AuthMethod = "auth_method";
    public const string ApiKeyId = "api_key_id";
    public const string Permission = "permission";
    public const string RateLimitMax = "rate_limit_max";
    public const string RateLimitWindow = "rate_limit_window";

    public const string JwtMethod = "jwt";
    public const string ApiKeyMethod = "api_key";
}
