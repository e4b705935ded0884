using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Platform.Api.Authorization;
using Platform.ServiceDefaults.Authentication;

namespace Platform.Api.Authentication;

public static class AuthenticationSetup
{
    /// <summary>Picks the scheme per request: <c>X-API-Key</c> when sent, else the bearer JWT.</summary>
    public const string SelectorScheme = "Platform";

    public static IHostApplicationBuilder AddApiAuthentication(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ApiAuthOptions>().BindConfiguration(ApiAuthOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        // Named client for the auth service: service discovery and the standard resilience handler come from
        // ServiceDefaults; callers bound each call by CallTimeoutSeconds on top.
        services.AddHttpClient(JwksCache.HttpClientName);
        services.AddSingleton<JwksCache>();
        services.AddHostedService<JwksRefresher>();
        services.AddSingleton<ApiKeyVerifier>();
        services.AddHealthChecks().AddCheck<JwksHealthCheck>(JwksHealthCheck.Name);

        services.AddAuthentication(SelectorScheme)
            .AddPolicyScheme(SelectorScheme, "JWT or API key", options => options.ForwardDefaultSelector = context =>
                context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName)
                    ? ApiKeyAuthenticationHandler.SchemeName
                    : JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);

        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<JwksCache, IOptions<ApiAuthOptions>>(ConfigureJwtBearer);

        services.AddAuthorizationBuilder().AddPermissionPolicies();
        return builder;
    }

    private static void ConfigureJwtBearer(JwtBearerOptions options, JwksCache jwks, IOptions<ApiAuthOptions> auth)
    {
        var settings = auth.Value;
        options.MapInboundClaims = false;
        options.RequireHttpsMetadata = false;
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = settings.Issuer,
            ValidateIssuer = !string.IsNullOrEmpty(settings.Issuer),
            ValidAudience = settings.Audience,
            ValidateAudience = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            ClockSkew = TimeSpan.FromSeconds(30),
            ValidAlgorithms = [Ed25519SecurityKey.Algorithm],
            CryptoProviderFactory = Ed25519CryptoProviderFactory.Instance,
            IssuerSigningKeyResolver = (_, _, kid, _) => jwks.Resolve(kid),
            NameClaimType = PlatformClaims.Name,
            RoleClaimType = PlatformClaims.OrganizationRole,
        };
        options.Events = new JwtBearerEvents
        {
            OnMessageReceived = async context =>
            {
                var token = context.Token ?? BearerToken(context.Request);
                if (token is not null && KeyIdOf(token) is { } kid)
                {
                    await jwks.EnsureKeyAsync(kid, context.HttpContext.RequestAborted);
                }
            },
            OnTokenValidated = context =>
            {
                if (context.Principal?.FindFirst(PlatformClaims.Subject)?.Value is not { Length: > 0 })
                {
                    context.Fail("The token has no subject.");
                    return Task.CompletedTask;
                }

                // A signed-in user holds every permission; API keys carry only theirs.
                var identity = new ClaimsIdentity();
                identity.AddClaim(new Claim(PlatformClaims.AuthMethod, PlatformClaims.JwtMethod));
                foreach (var permission in Permissions.All)
                {
                    identity.AddClaim(new Claim(PlatformClaims.Permission, permission));
                }
                context.Principal.AddIdentity(identity);
                return Task.CompletedTask;
            },
        };
    }

    private static string? BearerToken(HttpRequest request)
    {
        string? header = request.Headers.Authorization;
        return header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? header["Bearer ".Length..].Trim()
            : null;
    }

    private static string? KeyIdOf(string token)
    {
        try
        {
            return new JsonWebToken(token).Kid;
        }
        catch (Exception e) when (e is ArgumentException or SecurityTokenException or FormatException or System.Text.Json.JsonException)
        {
            return null; // JwtBearer rejects it with 401 on its own
        }
    }
}
