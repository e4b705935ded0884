using System.Collections.Concurrent;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Platform.Hosting.Postgres;

namespace Platform.Tests.EndToEnd;

/// <summary>
/// The whole AppHost started once per test class through Aspire.Hosting.Testing (random ports, ephemeral
/// data). Disposing it must leave no process behind: every PID a resource ever reported, their
/// descendants and the postmaster are checked, and a survivor fails the class.
/// </summary>
public sealed class PlatformStackFixture : IAsyncLifetime, IDisposable
{
    public static readonly string[] Resources = ["postgres", "authdb", "platformdb", "storage", "auth", "api", "worker", "web"];
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    private readonly ConcurrentDictionary<string, CustomResourceSnapshot> _snapshots = new();
    private readonly ConcurrentDictionary<int, byte> _processes = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource<string> _crashed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _watcher;

    public DistributedApplication App { get; private set; } = null!;

    public string PostgresDataDirectory { get; private set; } = "";

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Platform_AppHost>(timeout.Token);
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

    public async Task DisposeAsync()
    {
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

    public void Dispose() => _stopping.Dispose();

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
