using System.Collections.Concurrent;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Playwright;
using Platform.Tests.Browser;
using Microsoft.Extensions.DependencyInjection;
using Platform.Hosting.Postgres;

namespace Platform.Tests.EndToEnd;

/// <summary>
/// The whole AppHost started once for the collection <see cref="PlatformStackCollection"/> through
/// Aspire.Hosting.Testing (random ports, ephemeral data): the EndToEnd tests and the browser tests that drive the
/// web app in Chromium. Disposing it must leave no process behind: every PID a resource ever reported, their
/// descendants and the postmaster are checked, and a survivor fails the run.
/// </summary>
public sealed class PlatformStackFixture : IAsyncLifetime, IDisposable
{
    public static readonly string[] Resources = ["postgres", "authdb", "platformdb", "storage", "auth", "api", "worker", "web"];
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    private readonly ConcurrentDictionary<string, CustomResourceSnapshot> _snapshots = new();
    private readonly ConcurrentDictionary<int, byte> _processes = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource<string> _crashed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _browserGate = new(1, 1);
    private Task? _watcher;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public DistributedApplication App { get; private set; } = null!;

    public Uri AuthAddress => App.GetEndpoint("auth", "http");

    public Uri ApiAddress => App.GetEndpoint("api", "http");

    public Uri WebAddress => App.GetEndpoint("web", "http");

    public string PostgresDataDirectory { get; private set; } = "";

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Platform_AppHost>(timeout.Token);
        ConfigureForTests(builder);
        PostgresDataDirectory = builder.Resources.OfType<NativePostgresResource>().Single().DataDirectory;
        App = await builder.BuildAsync(timeout.Token);
        _watcher = Task.Run(() => RecordAsync(_stopping.Token));
        try
        {
            // StartAsync itself waits on WaitFor dependencies, so a crashed dependency must be noticed alongside it.
            var healthy = Task.WhenAll(Resources.Select(r => App.ResourceNotifications.WaitForResourceHealthyAsync(r, timeout.Token)).Append(App.StartAsync(timeout.Token)));
            if (await Task.WhenAny(healthy, _crashed.Task) == _crashed.Task)
            {
                var resourceId = await _crashed.Task;
                throw new InvalidOperationException($"'{resourceId}' stopped during start-up. States: {DescribeStates()}. Its log:{Environment.NewLine}{await LogTailAsync(resourceId)}");
            }
            await healthy;
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"The stack was not healthy within {StartTimeout}. States: {DescribeStates()}", e);
        }
    }

    /// <summary>
    /// What a developer run does not need but the tests do: ~30 users signing in from 127.0.0.1 within a minute
    /// (auth's per-IP sign-in limit and the api's per-IP limit raised), and interval jobs every second, picked up
    /// within a second, so a run shows up in a job's history while a test watches.
    /// </summary>
    private static void ConfigureForTests(IDistributedApplicationTestingBuilder builder)
    {
        builder.CreateResourceBuilder<ProjectResource>("auth").WithEnvironment("Auth__SignInRateLimit__PermitLimit", "100000");
        builder.CreateResourceBuilder<ProjectResource>("api")
            .WithEnvironment("RateLimiting__PermitLimit", "100000")
            .WithEnvironment("Jobs__MinIntervalSeconds", "1");
        builder.CreateResourceBuilder<ProjectResource>("worker")
            .WithEnvironment("Jobs__MinIntervalSeconds", "1")
            .WithEnvironment("Jobs__IdleWaitTime", "00:00:01")
            .WithEnvironment("Jobs__ShutdownTimeout", "00:00:02")
            .WithEnvironment("Jobs__WorkerInstance", WorkerInstance);
    }

    public const string WorkerInstance = "e2e-worker";

    /// <summary>A fresh browser context (its own cookies) in Debian's Chromium, with a page at the web app's address.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900, bool javaScriptEnabled = true)
    {
        await _browserGate.WaitAsync();
        try
        {
            _playwright ??= await Playwright.CreateAsync();
            _browser ??= await BrowserStack.LaunchChromiumAsync(_playwright);
        }
        finally
        {
            _browserGate.Release();
        }
        return await BrowserStack.NewPageAsync(_browser, WebAddress, width, height, javaScriptEnabled);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }
        _playwright?.Dispose();
        RecordProcessTrees();
        if (new PostgresDataDirectory(PostgresDataDirectory, PostgresBinaries.Locate()).ReadPostmasterPid() is { } postmaster)
        {
            _processes.TryAdd(postmaster, 0);
        }
        await App.DisposeAsync();
        await _stopping.CancelAsync();
        await (_watcher ?? Task.CompletedTask).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        var survivors = await ProcessTree.WaitUntilGoneAsync(_processes.Keys, TimeSpan.FromSeconds(10));
        if (survivors.Count > 0)
        {
            throw new InvalidOperationException("Processes outlived the app: " + string.Join("; ", survivors.Select(ProcessTree.Describe)));
        }
    }

    public void Dispose()
    {
        _stopping.Dispose();
        _browserGate.Dispose();
    }

    public string DescribeStates() =>
        string.Join(", ", _snapshots.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}={s.Value.State?.Text}/{s.Value.HealthStatus}"));

    /// <summary>Every PID the resources run now, with their children (dotnet run → the app, sh → postgres).</summary>
    public void RecordProcessTrees()
    {
        foreach (var snapshot in _snapshots.Values)
        {
            if (ProcessTree.ProcessId(snapshot) is { } pid)
            {
                foreach (var process in ProcessTree.WithDescendants(pid))
                {
                    _processes.TryAdd(process, 0);
                }
            }
        }
    }

    private async Task<string> LogTailAsync(string resourceId)
    {
        var lines = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        try
        {
            await foreach (var batch in App.Services.GetRequiredService<ResourceLoggerService>().GetAllAsync(resourceId).WithCancellation(timeout.Token))
            {
                lines.AddRange(batch.Select(l => l.Content));
            }
        }
        catch (OperationCanceledException)
        {
            // What arrived so far is enough.
        }
        return string.Join(Environment.NewLine, lines.TakeLast(40));
    }

    private async Task RecordAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var update in App.ResourceNotifications.WatchAsync(cancellationToken))
            {
                _snapshots[update.ResourceId] = update.Snapshot;
                if (update.Snapshot.State?.Text is "Finished" or "Exited" or "FailedToStart")
                {
                    _crashed.TrySetResult(update.ResourceId);
                }
                if (ProcessTree.ProcessId(update.Snapshot) is { } pid)
                {
                    _processes.TryAdd(pid, 0);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }
}

/// <summary>One AppHost for every test that needs the whole stack under Aspire; its tests run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class PlatformStackCollection : ICollectionFixture<PlatformStackFixture>
{
    public const string Name = "Platform stack (Aspire.Hosting.Testing)";
}
