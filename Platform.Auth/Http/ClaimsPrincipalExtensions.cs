using System.Security.Claims;

namespace Platform.Auth.Http;

internal static class ClaimsPrincipalExtensions
{
    public const string SessionIdClaim = "sid";
    public const string UserIdClaim = "sub";

    public static Guid UserId(this ClaimsPrincipal principal) =>
        Guid.Parse(principal.FindFirstValue(UserIdClaim) ?? throw new InvalidOperationException("No user on this request."));

    public static Guid SessionId(this ClaimsPrincipal principal) =>
        Guid.Parse(principal.FindFirstValue(SessionIdClaim) ?? throw new InvalidOperationException("No session on this request."));
}
