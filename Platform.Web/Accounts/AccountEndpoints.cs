using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Platform.Web.Http;

namespace Platform.Web.Accounts;

/// <summary>
/// Form posts that change the cookie and need no page: sign out, switch the active organization.
/// Minimal-API form binding makes ASP.NET Core validate the antiforgery token on both.
/// </summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/sign-out", SignOutAsync).RequireAuthorization();
        app.MapPost("/organizations/switch", SwitchOrganizationAsync).RequireAuthorization();
        app.MapGet("/session-expired", SessionExpiredAsync);
        return app;
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, AuthClient auth, AccessTokenCache tokens, [FromForm] string? returnUrl)
    {
        if (context.User.GetSessionToken() is { } session)
        {
            tokens.Invalidate(session);
            await auth.SignOutAsync(session, context.RequestAborted);
        }

        await context.SignOutAsync();
        return TypedResults.LocalRedirect("/sign-in?reason=signed-out");
    }

    private static async Task<IResult> SwitchOrganizationAsync(HttpContext context, AuthClient auth, AccessTokenCache tokens, [FromForm] string? organizationId, [FromForm] string? returnUrl)
    {
        var session = context.User.GetSessionToken()!;
        var target = SafeReturnUrl(returnUrl);
        if (string.IsNullOrEmpty(organizationId))
        {
            // The auth contract (DESIGN §4) has activate but no deactivate, so there is nothing to switch to.
            return TypedResults.LocalRedirect(target);
        }

        var result = await auth.ActivateOrganizationAsync(session, organizationId, context.RequestAborted);
        if (!result.Succeeded)
        {
            return TypedResults.LocalRedirect("/organizations?error=switch");
        }

        var organization = await auth.GetOrganizationAsync(session, organizationId, context.RequestAborted);
        tokens.Invalidate(session);
        await context.SignInAsync(context.User.With(organization: (organizationId, organization.Value?.Name)));
        return TypedResults.LocalRedirect(target);
    }

    /// <summary>Where interactive pages send the browser when they find the session gone.</summary>
    private static async Task<IResult> SessionExpiredAsync(HttpContext context, AuthClient auth)
    {
        if (context.User.GetSessionToken() is { } session)
        {
            try
            {
                var current = await auth.GetSessionAsync(session, context.RequestAborted);
                if (current.Succeeded)
                {
                    return TypedResults.LocalRedirect("/");
                }
            }
            catch (SessionExpiredException)
            {
            }
        }

        await context.SignOutAsync();
        return TypedResults.LocalRedirect(SessionExpiredMiddleware.SignInPath);
    }

    public static string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : "/";
}
