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
        services.AddSingleton<ValidatedTokenCache>();
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
            .Configure<JwksCache, ValidatedTokenCache, IOptions<ApiAuthOptions>, TimeProvider>(ConfigureJwtBearer);

        services.AddAuthorizationBuilder().AddPermissionPolicies();
        return builder;
    }

    private static void ConfigureJwtBearer(
        JwtBearerOptions options, JwksCache jwks, ValidatedTokenCache validated, IOptions<ApiAuthOptions> auth, TimeProvider time)
    {
        var settings = auth.Value;
        options.MapInboundClaims = false;
        options.RequireHttpsMetadata = false;
        options.TokenHandlers.Clear();
        options.TokenHandlers.Add(new CachingJsonWebTokenHandler(validated, jwks));
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
            // nbf/exp against the app's clock, the one ValidatedTokenCache expires entries by (tests move it).
            LifetimeValidator = (notBefore, expires, _, parameters) => IsWithinLifetime(notBefore, expires, parameters.ClockSkew, time),
            ValidAlgorithms = [Ed25519SecurityKey.Algorithm],
            CryptoProviderFactory = Ed25519CryptoProviderFactory.Instance,
            IssuerSigningKeyResolver = (_, _, kid, _) => jwks.Resolve(kid),
            NameClaimType = PlatformClaims.Name,
            RoleClaimType = PlatformClaims.OrganizationRole,
        };
        options.Events = new JwtBearerEvents
        {
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

    private static bool IsWithinLifetime(DateTime? notBefore, DateTime? expires, TimeSpan skew, TimeProvider time)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return expires is { } exp && now < exp.ToUniversalTime() + skew
            && (notBefore is not { } nbf || nbf.ToUniversalTime() <= now + skew);
    }
}
