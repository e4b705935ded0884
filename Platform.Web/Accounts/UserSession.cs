using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Platform.Web.Http;

namespace Platform.Web.Accounts;

/// <summary>
/// The signed-in user of the current request or circuit: the request's user where there is a request (static SSR
/// pages and the minimal endpoints for upload, download and the avatar image, which have no authentication state
/// of their own), else the authentication state (interactive circuits, where there is no HttpContext).
/// </summary>
public sealed class UserSession(IHttpContextAccessor httpContext, AuthenticationStateProvider authenticationState)
{
    public async Task<ClaimsPrincipal> GetUserAsync() =>
        httpContext.HttpContext?.User is { Identity.IsAuthenticated: true } user
            ? user
            : (await authenticationState.GetAuthenticationStateAsync()).User;

    /// <summary>The session token; a signed-out caller here is a bug in the page (it should be [Authorize]).</summary>
    public async Task<string> GetTokenAsync()
    {
        var user = await GetUserAsync();
        return user.GetSessionToken() ?? throw new SessionExpiredException("No session token: not signed in.");
    }
}
