using System.Security.Claims;

namespace Platform.Api.Authentication;

/// <summary>Who is calling: user, optional organization and role, how they authenticated and what they may do.</summary>
public sealed record Caller(
    string UserId, string? Email, string? Name, string AuthMethod, string? ApiKeyId,
    string? OrganizationId, string? OrganizationRole, IReadOnlyList<string> Permissions)
{
    public static Caller? From(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true || user.FindFirst(PlatformClaims.Subject)?.Value is not { Length: > 0 } userId)
        {
            return null;
        }

        return new Caller(
            userId,
            user.FindFirst(PlatformClaims.Email)?.Value,
            user.FindFirst(PlatformClaims.Name)?.Value,
            user.FindFirst(PlatformClaims.AuthMethod)?.Value ?? PlatformClaims.JwtMethod,
            user.FindFirst(PlatformClaims.ApiKeyId)?.Value,
            user.FindFirst(PlatformClaims.OrganizationId)?.Value,
            user.FindFirst(PlatformClaims.OrganizationRole)?.Value,
            [.. user.FindAll(PlatformClaims.Permission).Select(c => c.Value).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]);
    }
}
