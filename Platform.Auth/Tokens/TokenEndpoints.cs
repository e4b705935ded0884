using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Platform.Auth.Data;
using Platform.Auth.Http;
using Platform.Auth.Sessions;
using Platform.ServiceDefaults.Authentication;

namespace Platform.Auth.Tokens;

public sealed record AccessTokenResponse(string AccessToken, int ExpiresIn);

public sealed record JwkResponse(string Kty, string Crv, string X, string Kid, string Alg, string Use);

public sealed record JwksResponse(IReadOnlyList<JwkResponse> Keys);

public sealed record RotatedKeyResponse(string Kid, DateTimeOffset CreatedAt);

public sealed record OpenIdConfiguration(
    [property: JsonPropertyName("issuer")] string Issuer,
    [property: JsonPropertyName("jwks_uri")] string JwksUri,
    [property: JsonPropertyName("id_token_signing_alg_values_supported")] string[] IdTokenSigningAlgValuesSupported,
    [property: JsonPropertyName("token_endpoint_auth_signing_alg_values_supported")] string[] TokenEndpointAuthSigningAlgValuesSupported,
    [property: JsonPropertyName("subject_types_supported")] string[] SubjectTypesSupported);

/// <summary>JWT issuing, JWKS, OpenID discovery and key rotation.</summary>
public static class TokenEndpoints
{
    public static IEndpointRouteBuilder MapTokenApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/auth/token", GetTokenAsync).RequireAuthorization();
        app.MapGet("/api/auth/jwks", GetJwksAsync).AllowAnonymous();
        app.MapGet("/.well-known/jwks.json", GetJwksAsync).AllowAnonymous();
        app.MapGet("/.well-known/openid-configuration", GetOpenIdConfiguration).AllowAnonymous();
        app.MapPost("/api/auth/admin/keys/rotate", RotateAsync).AllowAnonymous();
        return app;
    }

    private static async Task<Results<Ok<AccessTokenResponse>, ProblemHttpResult>> GetTokenAsync(
        HttpContext http, UserManager<AuthUser> users, JwtIssuer issuer, IOptions<AuthOptions> options, CancellationToken ct)
    {
        var session = http.CurrentSession();
        var user = await users.FindByIdAsync(session.UserId.ToString());
        if (user is null)
        {
            return Problems.Unauthorized("The session's user no longer exists.");
        }

        var token = await issuer.IssueAsync(user, session, IssuerResolver.Resolve(http.Request, options.Value), ct);
        return TypedResults.Ok(new AccessTokenResponse(token.Token, token.ExpiresIn));
    }

    private static async Task<Ok<JwksResponse>> GetJwksAsync(HttpContext http, SigningKeyStore keys, CancellationToken ct)
    {
        var published = await keys.GetPublishedKeysAsync(ct);
        http.Response.Headers.CacheControl = "public, max-age=300";
        return TypedResults.Ok(new JwksResponse([.. published.Select(k =>
        {
            var jwk = k.ToJsonWebKey();
            return new JwkResponse(jwk.Kty, jwk.Crv, jwk.X, jwk.Kid, jwk.Alg, jwk.Use);
        })]));
    }

    private static Ok<OpenIdConfiguration> GetOpenIdConfiguration(HttpContext http, IOptions<AuthOptions> options)
    {
        var issuer = IssuerResolver.Resolve(http.Request, options.Value);
        var self = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";
        http.Response.Headers[HeaderNames.CacheControl] = "public, max-age=300";
        return TypedResults.Ok(new OpenIdConfiguration(issuer, $"{self}/.well-known/jwks.json",
            [Ed25519SecurityKey.Algorithm], [Ed25519SecurityKey.Algorithm], ["public"]));
    }

    /// <summary>Admins (emails in <c>Auth:AdminEmails</c>) or a caller with the internal token (the dashboard command).</summary>
    private static async Task<Results<Ok<RotatedKeyResponse>, ProblemHttpResult>> RotateAsync(
        HttpContext http, SigningKeyStore keys, UserManager<AuthUser> users, IOptions<AuthOptions> options, CancellationToken ct)
    {
        if (!InternalToken.IsValid(http.Request, options.Value))
        {
            var result = await http.AuthenticateAsync(SessionAuthenticationHandler.SchemeName);
            if (!result.Succeeded)
            {
                return Problems.Unauthorized("A session token of an admin or the internal token is required.");
            }

            var user = await users.FindByIdAsync(result.Principal.UserId().ToString());
            var admins = options.Value.AdminEmails.Select(Accounts.Emails.Normalize);
            if (user?.Email is null || !admins.Contains(user.Email, StringComparer.Ordinal))
            {
                return Problems.Forbidden("Only administrators can rotate signing keys.");
            }
        }

        var key = await keys.RotateNowAsync(ct);
        return TypedResults.Ok(new RotatedKeyResponse(key.Id, key.CreatedAt));
    }
}
