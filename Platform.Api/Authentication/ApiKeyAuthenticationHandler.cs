using System.Buffers;
using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Platform.Api.Authorization;

namespace Platform.Api.Authentication;

/// <summary>
/// <c>X-API-Key: pk_…</c> → the key's user, organization and permissions. Malformed and unknown keys are 401;
/// a key that cannot be checked because auth is unreachable is 503 with <c>Retry-After</c>.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    ApiKeyVerifier verifier, IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-API-Key";
    public const int RetryAfterSeconds = 5;
    private const string UnavailableItem = "Platform.ApiKey.Unavailable";

    private static readonly SearchValues<char> Base64Url =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    /// <summary><c>pk_</c> + 43 base64url characters (32 random bytes), as the auth service issues them.</summary>
    public static bool IsWellFormed(string? key) =>
        key is { Length: 46 } && key.StartsWith("pk_", StringComparison.Ordinal) && !key.AsSpan(3).ContainsAnyExcept(Base64Url);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values))
        {
            return AuthenticateResult.NoResult();
        }

        if (values.Count != 1 || !IsWellFormed(values[0]))
        {
            return AuthenticateResult.Fail("Malformed API key.");
        }

        var verification = await verifier.VerifyAsync(values[0]!, Context.RequestAborted);
        switch (verification.Status)
        {
            case ApiKeyStatus.Valid:
                return AuthenticateResult.Success(new AuthenticationTicket(CreatePrincipal(verification.Key!), SchemeName));
            case ApiKeyStatus.Unavailable:
                Context.Items[UnavailableItem] = true;
                return AuthenticateResult.Fail("API key verification is unavailable.");
            default:
                return AuthenticateResult.Fail("Invalid API key.");
        }
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items.ContainsKey(UnavailableItem))
        {
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = Context,
                ProblemDetails =
                {
                    Status = StatusCodes.Status503ServiceUnavailable,
                    Title = "API key verification is temporarily unavailable.",
                    Detail = "The identity service could not be reached. Retry later or use a JWT.",
                },
            });
            return;
        }

        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = SchemeName;
    }

    private static ClaimsPrincipal CreatePrincipal(VerifiedApiKey key)
    {
        var claims = new List<Claim>
        {
            new(PlatformClaims.Subject, key.UserId.ToString()),
            new(PlatformClaims.AuthMethod, PlatformClaims.ApiKeyMethod),
            new(PlatformClaims.ApiKeyId, key.Id.ToString()),
        };
        if (key.OrganizationId is { } organizationId)
        {
            claims.Add(new Claim(PlatformClaims.OrganizationId, organizationId.ToString()));
            // A key acts with member rights in its organization: it reads everything, changes what its user created.
            claims.Add(new Claim(PlatformClaims.OrganizationRole, "member"));
        }

        foreach (var (resource, actions) in key.Permissions ?? [])
        {
            foreach (var action in actions ?? [])
            {
                var permission = $"{resource}:{action}";
                if (Permissions.All.Contains(permission))
                {
                    claims.Add(new Claim(PlatformClaims.Permission, permission));
                }
            }
        }

        if (key.RateLimit is { MaxRequests: > 0, WindowSeconds: > 0 } limit)
        {
            claims.Add(new Claim(PlatformClaims.RateLimitMax, limit.MaxRequests.ToString(CultureInfo.InvariantCulture)));
            claims.Add(new Claim(PlatformClaims.RateLimitWindow, limit.WindowSeconds.ToString(CultureInfo.InvariantCulture)));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName, PlatformClaims.Subject, null));
    }
}
