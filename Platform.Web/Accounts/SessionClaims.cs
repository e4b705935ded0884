using System.Security.Claims;

namespace Platform.Web.Accounts;

/// <summary>
/// What the encrypted session cookie carries: who the user is, and auth's session token
/// (never rendered into a page; read only server side).
/// </summary>
public static class SessionClaims
{
    public const string SessionToken = "platform:session";
    public const string ActiveOrganizationId = "platform:org";
    public const string ActiveOrganizationName = "platform:org-name";

    public static ClaimsPrincipal CreatePrincipal(SignInResponse response) =>
        CreatePrincipal(response.Token, response.User, null, null);

    public static ClaimsPrincipal CreatePrincipal(string sessionToken, AuthUser user, string? organizationId, string? organizationName)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id),
            new(ClaimTypes.Name, string.IsNullOrWhiteSpace(user.Name) ? user.Email : user.Name),
            new(ClaimTypes.Email, user.Email),
            new(SessionToken, sessionToken),
        };
        if (organizationId is not null)
        {
            claims.Add(new Claim(ActiveOrganizationId, organizationId));
            claims.Add(new Claim(ActiveOrganizationName, organizationName ?? organizationId));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, "platform-session", ClaimTypes.Name, ClaimTypes.Role));
    }

    public static string? GetSessionToken(this ClaimsPrincipal principal) => principal.FindFirstValue(SessionToken);

    public static string? GetActiveOrganizationId(this ClaimsPrincipal principal) => principal.FindFirstValue(ActiveOrganizationId);

    public static string? GetActiveOrganizationName(this ClaimsPrincipal principal) => principal.FindFirstValue(ActiveOrganizationName);

    /// <summary>The same principal with the active organization (and optionally display name) replaced.</summary>
    public static ClaimsPrincipal With(this ClaimsPrincipal principal, string? name = null, (string? Id, string? Name)? organization = null)
    {
        var user = new AuthUser(
            principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? "",
            principal.FindFirstValue(ClaimTypes.Email) ?? "",
            name ?? principal.FindFirstValue(ClaimTypes.Name));
        var org = organization ?? (principal.GetActiveOrganizationId(), principal.GetActiveOrganizationName());
        return CreatePrincipal(principal.GetSessionToken() ?? "", user, org.Id, org.Name);
    }
}
