using System.Runtime.CompilerServices;
using Microsoft.Playwright;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Browser;

/// <summary>
/// The in-process stack for the two browser checks the AppHost cannot serve (docs/web.md): a real PostgreSQL (databases
/// <c>authdb</c> and <c>platformdb</c>), the run's S3 server, auth, api and two replicas of web on Kestrel with free
/// ports, wired like Aspire wires them (<c>services__auth__http__0</c>, connection strings, <c>Auth:InternalToken</c>),
/// and Debian's Chromium through Playwright. Every test gets its own browser context, so cookies never leak between tests.
/// </summary>
public sealed class BrowserStack : IAsyncLifetime
{
    public const string InternalToken = "browser-tests-internal-token";

    private readonly PostgresDatabaseFixture database = new();
    private IPlaywright? playwright;

    public KestrelService Auth { get; private set; } = default!;

    public KestrelService Api { get; private set; } = default!;

    public KestrelService Web { get; private set; } = default!;

    /// <summary>A second web replica: same configuration, its own process state, the same key ring (kept by auth).</summary>
    public KestrelService WebReplica { get; private set; } = default!;

    public IBrowser Browser { get; private set; } = default!;

    public static string ScreenshotDirectory { get; } =
        Environment.GetEnvironmentVariable("PLATFORM_SCREENSHOTS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        var authDb = await database.CreateSiblingDatabaseAsync("authdb");
        var platformDb = await database.CreateSiblingDatabaseAsync("platformdb");
        var storage = await TestS3.GetServerAsync();

        var common = new Dictionary<string, string?>
        {
            ["ConnectionStrings:authdb"] = authDb,
            ["ConnectionStrings:platformdb"] = platformDb,
            ["Auth:Issuer"] = "https://auth.browser-tests.platform.test",
            ["Auth:InternalToken"] = InternalToken,
            ["Auth:SignInRateLimit:PermitLimit"] = "100000",
            ["RateLimiting:PermitLimit"] = "100000",
            ["Logging:LogLevel:Default"] = "Warning",
            ["OTEL_SDK_DISABLED"] = "true",
        };

        Auth = KestrelService.Start("Platform.Auth", common);
        Api = KestrelService.Start("Platform.Api", new Dictionary<string, string?>(common)
        {
            ["services:auth:http:0"] = Auth.Address.ToString().TrimEnd('/'),
            ["ConnectionStrings:storage"] = storage.ConnectionString,
            ["Storage:Bucket"] = TestS3.NewBucketName(),
        });
        var web = new Dictionary<string, string?>
        {
            ["services:auth:http:0"] = Auth.Address.ToString().TrimEnd('/'),
            ["services:api:http:0"] = Api.Address.ToString().TrimEnd('/'),
            ["Auth:InternalToken"] = InternalToken,
            ["Logging:LogLevel:Default"] = "Warning",
            ["OTEL_SDK_DISABLED"] = "true",
        };
        Web = KestrelService.Start("Platform.Web", web);
        WebReplica = KestrelService.Start("Platform.Web", web);

        playwright = await Playwright.CreateAsync();
        Browser = await LaunchChromiumAsync(playwright);
    }

    /// <summary>Debian's Chromium, headless (never a downloaded browser).</summary>
    public static async Task<IBrowser> LaunchChromiumAsync(IPlaywright playwright)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
        });
    }

    /// <summary>A fresh browser context (its own cookies) with a page at the web app's address.</summary>
    public Task<IPage> NewPageAsync(int width = 1280, int height = 900, bool javaScriptEnabled = true) =>
        NewPageAsync(Browser, Web.Address, width, height, javaScriptEnabled);

    /// <summary>A fresh context of <paramref name="browser"/> (its own cookies) with a page whose relative URLs go to <paramref name="web"/>.</summary>
    public static async Task<IPage> NewPageAsync(IBrowser browser, Uri web, int width, int height, bool javaScriptEnabled)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = web.ToString(),
            JavaScriptEnabled = javaScriptEnabled,
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    /// <summary>Saves the page as <c>{test}.png</c> under <see cref="ScreenshotDirectory"/>; CI keeps the folder.</summary>
    public static async Task ScreenshotAsync(IPage page, [CallerMemberName] string name = "")
    {
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        playwright?.Dispose();
        foreach (var service in new[] { WebReplica, Web, Api, Auth })
        {
            if (service is not null)
            {
                await service.DisposeAsync();
            }
        }

        await database.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserStack>
{
    public const string Name = "Browser stack";
}
