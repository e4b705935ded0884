using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Platform.Auth.Http;

namespace Platform.Auth.Sessions;

/// <summary>The <c>Session</c> scheme: <c>Authorization: Bearer &lt;session token&gt;</c> looked up by its SHA-256.</summary>
internal sealed class SessionAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    SessionService sessions,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Session";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var token = header["Bearer ".Length..].Trim();
        // Session tokens are 43 base64url characters; anything else (a JWT, say) is not one.
        if (token.Length != 43)
        {
            return AuthenticateResult.Fail("Not a session token.");
        }

        var session = await sessions.FindAsync(token, Context.RequestAborted);
        if (session is null)
        {
            return AuthenticateResult.Fail("Unknown or expired session.");
        }

        Context.Items[typeof(Data.Session)] = session;
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimsPrincipalExtensions.UserIdClaim, session.UserId.ToString()),
                new Claim(ClaimsPrincipalExtensions.SessionIdClaim, session.Id.ToString()),
            ],
            SchemeName, ClaimsPrincipalExtensions.UserIdClaim, null);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = 401, Title = "Unauthorized", Detail = "A valid session token is required." },
        });
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = 403, Title = "Forbidden", Detail = "You may not do this." },
        });
    }
}

internal static class SessionHttpContextExtensions
{
    /// <summary>The session the Session scheme authenticated for this request.</summary>
    public static Data.Session CurrentSession(this HttpContext http) =>
        http.Items[typeof(Data.Session)] as Data.Session ?? throw new InvalidOperationException("No session on this request.");
}
