using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Platform.Api;
using Platform.Auth;
using Platform.Hosting.Storage;
using Platform.Tests.Infrastructure;
using Platform.Tests.Integration.Auth;
using Platform.Hosting.Processes;

namespace Platform.Tests.Integration.Api;

/// <summary>
/// The API and a real Platform.Auth, each on its own fresh PostgreSQL database. Auth listens on Kestrel
/// (127.0.0.1, random port) and the API reaches it the production way: <c>http://auth</c> through service
/// discovery (<c>services:auth:http:0</c>). Subclasses tighten configuration for one concern.
/// </summary>
public class ApiStack : IAsyncLifetime
{
    public const string Issuer = AuthAppFixture.Issuer;
    public const string InternalToken = AuthAppFixture.InternalToken;
    /// <summary>Test requests may name their socket address with this header (TestServer has none).</summary>
    public const string RemoteIpHeader = "X-Test-Remote-IP";
    public const string TrustedProxy = "10.0.0.1";

    private readonly PostgresDatabaseFixture _database = new();

    public WebApplicationFactory<AuthApp> Auth { get; private set; } = null!;
    public WebApplicationFactory<ApiApp> Api { get; private set; } = null!;
    public Uri AuthAddress { get; private set; } = null!;
    public string PlatformDbConnectionString { get; private set; } = "";

    /// <summary>The run's shared s3rver; this stack's objects go to a bucket of its own.</summary>
    public S3Server Storage { get; private set; } = null!;
    public string Bucket { get; } = TestS3.NewBucketName();

    /// <summary>Null: the system clock.</summary>
    public virtual ShiftableClock? ApiClock => null;

    /// <summary>The auth service's clock; null: the system clock.</summary>
    public virtual ShiftableClock? AuthClock => null;

    protected virtual int RateLimitPermits => 100_000;

    /// <summary>True: the API starts first, against an auth address where nothing listens until <see cref="StartAuthNow"/>.</summary>
    protected virtual bool AuthStartsAfterApi => false;

    private string _authDb = "";

    /// <summary>The API's database; by default a fresh one on the run's shared server.</summary>
    protected virtual Task<string> CreatePlatformDatabaseAsync(PostgresDatabaseFixture database) =>
        Task.FromResult(database.ConnectionString);

    protected virtual ValueTask DisposePlatformDatabaseAsync() => ValueTask.CompletedTask;

    /// <summary>The S3 server; by default the run's shared one (each stack has its own bucket on it).</summary>
    protected virtual Task<S3Server> StartStorageAsync() => TestS3.GetServerAsync();

    protected virtual IDictionary<string, string?> ExtraApiSettings => new Dictionary<string, string?>();

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        PlatformDbConnectionString = await CreatePlatformDatabaseAsync(_database);
        Storage = await StartStorageAsync();
        _authDb = await _database.CreateSiblingDatabaseAsync("auth");
        if (AuthStartsAfterApi)
        {
            AuthAddress = new Uri($"http://127.0.0.1:{FreePort.Find()}");
        }
        else
        {
            StartAuth(0);
        }

        Api = new WebApplicationFactory<ApiApp>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Testing");
            web.UseSetting("ConnectionStrings:platformdb", PlatformDbConnectionString);
            web.UseSetting("ConnectionStrings:storage", Storage.ConnectionString);
            web.UseSetting("Storage:Bucket", Bucket);
            web.UseSetting("services:auth:http:0", AuthAddress.ToString().TrimEnd('/'));
            web.UseSetting("Auth:Issuer", Issuer);
            web.UseSetting("Auth:InternalToken", InternalToken);
            web.UseSetting("RateLimiting:PermitLimit", RateLimitPermits.ToString(CultureInfo.InvariantCulture));
            web.UseSetting("ForwardedHeaders:KnownProxies:0", TrustedProxy);
            web.UseSetting("Cors:AllowedOrigins:0", "https://app.platform.test");
            web.UseSetting("Logging:LogLevel:Default", "Warning");
            foreach (var (key, value) in ExtraApiSettings)
            {
                web.UseSetting(key, value);
            }
            web.ConfigureTestServices(services =>
            {
                services.AddSingleton<IStartupFilter>(new RemoteIpStartupFilter());
                if (ApiClock is { } clock)
                {
                    services.AddSingleton<TimeProvider>(clock);
                }
            });
        });
        // Start now: migrations and the first JWKS fetch happen before the first test.
        _ = Api.Server;
    }

    public AuthClient CreateAuthClient() => new(Auth.CreateClient());

    public async Task<AuthClient> SignUpAsync(string who = "user")
    {
        var client = CreateAuthClient();
        return await client.SignUpAsync(AuthClient.NewEmail(who));
    }

    /// <summary>An API client sending this bearer token.</summary>
    public HttpClient ApiWithJwt(string jwt)
    {
        var client = Api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", jwt);
        return client;
    }

    public HttpClient ApiWithKey(string apiKey)
    {
        var client = Api.CreateClient();
        client.DefaultRequestHeaders.Add("X-API-Key", apiKey);
        return client;
    }

    public async Task<HttpClient> ApiAsync(AuthClient user) => ApiWithJwt(await user.GetAccessTokenAsync());

    /// <summary>Creates an API key for the user; returns (id, secret).</summary>
    public static async Task<(Guid Id, string Key)> CreateApiKeyAsync(AuthClient user, object? permissions = null, object? rateLimit = null, Guid? organizationId = null)
    {
        using var response = await user.Http.PostAsJsonAsync("/api/auth/api-keys",
            new { name = "test key", permissions, rateLimit, organizationId });
        var body = await HttpAssertions.ReadAsync<JsonElement>(response, HttpStatusCode.Created);
        return (body.GetProperty("id").GetGuid(), body.GetProperty("key").GetString()!);
    }

    /// <summary>With <see cref="AuthStartsAfterApi"/>: starts auth on the address the API was given.</summary>
    public void StartAuthNow() => StartAuth(AuthAddress.Port);

    private void StartAuth(int port)
    {
        Auth = new WebApplicationFactory<AuthApp>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Testing");
            web.UseSetting("ConnectionStrings:authdb", _authDb);
            web.UseSetting("Auth:Issuer", Issuer);
            web.UseSetting("Auth:InternalToken", InternalToken);
            web.UseSetting("Auth:SignInRateLimit:PermitLimit", "100000");
            web.UseSetting("Logging:LogLevel:Default", "Warning");
            if (AuthClock is { } clock)
            {
                web.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock));
            }
        });
        Auth.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        Auth.StartServer();
        AuthAddress = new Uri(Auth.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    /// <summary>Stops the auth service: its port closes, as when the process is gone.</summary>
    public async Task StopAuthAsync() => await Auth.DisposeWithinLimitAsync("auth");

    public async Task DisposeAsync()
    {
        await Api.DisposeWithinLimitAsync("api");
        if (Auth is not null)
        {
            await Auth.DisposeWithinLimitAsync("auth");
        }
        Npgsql.NpgsqlConnection.ClearAllPools();
        await DisposePlatformDatabaseAsync();
        await _database.DisposeAsync();
    }

    private sealed class RemoteIpStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers.TryGetValue(RemoteIpHeader, out var value) && IPAddress.TryParse(value, out var ip))
                {
                    context.Connection.RemoteIpAddress = ip;
                }
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

/// <summary>The stack with an API clock a test can move forward (cache lifetimes), starting now.</summary>
public sealed class FakeClockApiStack : ApiStack
{
    private readonly ShiftableClock _clock = new();

    public override ShiftableClock? ApiClock => _clock;
}

/// <summary>The stack with an auth clock a test can move forward (key retirement), starting now.</summary>
public sealed class FakeAuthClockApiStack : ApiStack
{
    private readonly ShiftableClock _clock = new();

    public override ShiftableClock? AuthClock => _clock;
}

/// <summary>The stack with a per-IP limit of <see cref="Permits"/> requests per minute.</summary>
public sealed class RateLimitedApiStack : ApiStack
{
    public const int Permits = 5;

    protected override int RateLimitPermits => Permits;
}
