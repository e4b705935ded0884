using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.Auth.Accounts;
using Platform.Auth.ApiKeys;
using Platform.Auth.Data;
using Platform.Auth.Email;
using Platform.Auth.Http;
using Platform.Auth.Sessions;
using Platform.Auth.Tokens;

namespace Platform.Auth;

public static class AuthServiceCollectionExtensions
{
    /// <summary>OWASP's 2023 floor for PBKDF2-HMAC-SHA256.</summary>
    public const int PasswordIterations = 210_000;

    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.SignInRateLimit.PermitLimit > 0 && o.SignInRateLimit.WindowSeconds > 0,
                "Auth:SignInRateLimit:PermitLimit and WindowSeconds must be positive.")
            .ValidateOnStart();

        // Aspire's integration: pooling, health check, tracing, metrics and retry on transient failures (its default).
        builder.AddNpgsqlDbContext<AuthDbContext>("authdb");
        services.AddHostedService<AuthDatabaseMigrator>();

        // One key ring for every replica: stored in authdb under a fixed application name.
        services.AddDataProtection().SetApplicationName("Platform").PersistKeysToDbContext<AuthDbContext>();

        services.AddIdentityCore<AuthUser>(identity =>
            {
                identity.User.RequireUniqueEmail = true;
                identity.User.AllowedUserNameCharacters += "+";
                identity.Password.RequiredLength = AccountEndpoints.MinPasswordLength;
                identity.Password.RequireDigit = false;
                identity.Password.RequireLowercase = false;
                identity.Password.RequireUppercase = false;
                identity.Password.RequireNonAlphanumeric = false;
                identity.Password.RequiredUniqueChars = 1;
                identity.Lockout.AllowedForNewUsers = true;
                identity.Lockout.MaxFailedAccessAttempts = 5;
                identity.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddEntityFrameworkStores<AuthDbContext>()
            .AddDefaultTokenProviders();
        services.Configure<PasswordHasherOptions>(o => o.IterationCount = PasswordIterations);

        services.AddAuthentication(SessionAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, SessionAuthenticationHandler>(
                SessionAuthenticationHandler.SchemeName, null);
        services.AddAuthorization();
        services.AddSignInRateLimiting();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(RandomNumberGenerator.Create());
        services.AddScoped<SessionService>();
        services.AddScoped<AccountService>();
        services.AddScoped<JwtIssuer>();
        services.AddScoped<IEmailSender, OutboxEmailSender>();
        services.AddSingleton<SigningKeyStore>();
        services.AddHostedService<KeyRotationService>();
        services.AddScoped<ApiKeyService>();
        services.AddExceptionHandler<UnstorableTextExceptionHandler>();

        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = false);
        services.Configure<JsonOptions>(o => o.SerializerOptions.MaxDepth = 32);
        return builder;
    }

    public static WebApplication UseAuthPipeline(this WebApplication app)
    {
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }
}
