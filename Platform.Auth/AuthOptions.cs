using System.ComponentModel.DataAnnotations;

namespace Platform.Auth;

/// <summary>The <c>Auth</c> configuration section.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>JWT <c>iss</c>; when empty, the service's own base URL as seen by the request.</summary>
    public string? Issuer { get; set; }

    public string Audience { get; set; } = "platform-api";

    [Range(1, 1440)]
    public int AccessTokenMinutes { get; set; } = 15;

    [Range(1, 365)]
    public int SessionDays { get; set; } = 7;

    [Range(1, 365)]
    public int KeyRotationDays { get; set; } = 30;

    /// <summary>Emails of users allowed to call the admin endpoints.</summary>
    public string[] AdminEmails { get; set; } = [];

    /// <summary>Shared secret other services send as <c>X-Internal-Token</c>; internal endpoints answer 401 while it is empty.</summary>
    public string? InternalToken { get; set; }

    [Range(1, 8760)]
    public int InvitationHours { get; set; } = 48;

    /// <summary>Base URL for links in emails; when empty, the request's base URL.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>
    /// Origins (<c>scheme://host[:port]</c>) besides auth's own that a password-reset <c>redirectTo</c> may point at,
    /// as Better Auth's <c>trustedOrigins</c>: the web app's. A link anywhere else would mail a live reset token to
    /// whoever asked for it.
    /// </summary>
    public string[] TrustedOrigins { get; set; } = [];

    public SignInRateLimitOptions SignInRateLimit { get; set; } = new();
}

public sealed class SignInRateLimitOptions
{
    [Range(1, 100_000)]
    public int PermitLimit { get; set; } = 10;

    [Range(1, 86_400)]
    public int WindowSeconds { get; set; } = 60;
}
