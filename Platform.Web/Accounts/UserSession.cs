using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Platform.Web.Http;

namespace Platform.Web.Accounts;

/// <summary>
/// The signed-in user of the current request or circuit, read from the authentication state
/// (works in static SSR and in interactive circuits, where there is no HttpContext).
/// </summary>
public sealed class UserSession(AuthenticationStateProvider authenticationState)
{
    public async Task<ClaimsPrincipal> GetUserAsync() => (await authenticationState.GetAuthenticationStateAsync()).User;

    /// <summary>The session token; a signed-out caller here is a bug in the page (it should be [Authorize]).</summary>
    public async Task<string> GetTokenAsync()
    {
        var user = await GetUserAsync();
        return user.GetSessionToken() ?? throw new SessionExpiredException("No session token: not signed in.");
    }
}
