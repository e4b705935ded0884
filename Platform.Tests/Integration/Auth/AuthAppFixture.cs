using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Platform.Auth;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Integration.Auth;

/// <summary>
/// Platform.Auth over WebApplicationFactory against a fresh PostgreSQL database for one test class.
/// Subclasses change the configuration (fake clock, tight rate limit).
/// </summary>
public class AuthAppFixture : IAsyncLifetime
{
    public const string Issuer = "https://auth.platform.test";
    public const string InternalToken = "test-internal-token-0123456789";
    public const string AdminEmail = "admin@platform.test";

    private readonly PostgresDatabaseFixture _database = new();

    public WebApplicationFactory<AuthApp> Factory { get; private set; } = null!;

    public string ConnectionString => _database.ConnectionString;

    /// <summary>Null: the system clock.</summary>
    protected virtual FakeTimeProvider? Clock => null;

    protected virtual int SignInPermitLimit => 10_000;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        Factory = CreateFactory(ConnectionString);
        // Start the host now: migrations run before the first test.
        _ = Factory.Server;
    }

    /// <summary>The web app's origin as the AppHost passes it: password-reset links may lead there.</summary>
    public const string TrustedOrigin = "https://app.example";

    public WebApplicationFactory<AuthApp> CreateFactory(string connectionString) =>
        new WebApplicationFactory<AuthApp>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Testing");
            web.UseSetting("ConnectionStrings:authdb", connectionString);
            web.UseSetting("Auth:Issuer", Issuer);
            web.UseSetting("Auth:InternalToken", InternalToken);
            web.UseSetting("Auth:AdminEmails:0", AdminEmail);
            web.UseSetting("Auth:TrustedOrigins:0", TrustedOrigin);
            web.UseSetting("Auth:SignInRateLimit:PermitLimit", SignInPermitLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));
            web.UseSetting("Logging:LogLevel:Default", "Warning");
            if (Clock is { } clock)
            {
                web.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock));
            }
        });

    public AuthClient CreateClient() => new(Factory.CreateClient());

    public async Task DisposeAsync()
    {
        await Factory.DisposeWithinLimitAsync("auth");
        Npgsql.NpgsqlConnection.ClearAllPools();
        await _database.DisposeAsync();
    }
}

/// <summary>The auth service with a fake clock starting now (rotation, expiry, sliding sessions).</summary>
public sealed class FakeClockAuthAppFixture : AuthAppFixture
{
    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    protected override FakeTimeProvider? Clock => Time;
}

/// <summary>The auth service with the default sign-in limit of 10 per minute.</summary>
public sealed class ThrottledAuthAppFixture : AuthAppFixture
{
    protected override int SignInPermitLimit => 10;
}
