using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Security.Cryptography;
using Platform.Hosting.Aspire;
using Platform.Hosting.Processes;

namespace Platform.Tests.EndToEnd;

/// <summary>
/// The AppHost as a developer starts it: <c>dotnet run --project Platform.AppHost --no-build --launch-profile http</c>
/// (the launch profile's fixed ports), but with its own data directory and its own keys and secrets on the
/// command line, so it touches neither <c>.platform/data</c> nor the developer's user secrets. Every process of
/// the stack is tracked by PID (DCP detaches from the AppHost, so it is found by its <c>--monitor</c> argument);
/// disposing kills whatever is still alive, so a failed test never leaves an orphan behind.
/// </summary>
internal sealed class AppHostProcess : IAsyncDisposable
{
    public const string WebUrl = "http://localhost:5100";
    public const string AuthUrl = "http://localhost:5101";
    public const string ApiUrl = "http://localhost:5102";
    public const string WorkerUrl = "http://localhost:5103";
    public const string DashboardUrl = "http://localhost:18888";

    /// <summary>Services, dashboard, OTLP, postgres, storage: the launch profile's and Platform.Hosting's developer ports.</summary>
    public static readonly int[] Ports = [5100, 5101, 5102, 5103, 18888, 18889, 25432, 29000];

    /// <summary>Generous: seconds on a quiet machine, minutes on a shared and saturated one.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(5);

    private static readonly string[] ServiceUrls = [WebUrl, AuthUrl, ApiUrl, WorkerUrl];
    private const int OutputLines = 300;
    private const string AppHostBinary = "Platform.AppHost/bin/";

    private readonly Process _dotnetRun;
    private readonly string _dataDirectory;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly ConcurrentDictionary<int, string> _processes = new();

    private AppHostProcess(Process dotnetRun, string dataDirectory, string dashboardApiKey)
    {
        _dotnetRun = dotnetRun;
        _dataDirectory = dataDirectory;
        DashboardApiKey = dashboardApiKey;
    }

    /// <summary>The key of the dashboard's <c>/api/telemetry</c> (header <c>x-api-key</c>), given as <c>AppHost:DashboardApiKey</c>.</summary>
    public string DashboardApiKey { get; }

    /// <summary>Every process of the stack seen so far, PID → command line.</summary>
    public IReadOnlyDictionary<int, string> Processes => _processes;

    public string PostgresDataDirectory => Path.Combine(_dataDirectory, "postgres");

    /// <summary>Starts the AppHost and waits until every service's <c>/health</c> and the dashboard's API answer.</summary>
    public static async Task<AppHostProcess> StartAsync(string dataDirectory, params string[] appHostArguments)
    {
        var busy = new List<int>();
        foreach (var port in Ports)
        {
            if (await IsListeningAsync(port))
            {
                busy.Add(port);
            }
        }
        if (busy.Count > 0)
        {
            throw new InvalidOperationException($"Port(s) {string.Join(", ", busy)} busy: another AppHost (a developer run?) holds the launch profile's ports. Stop it first.");
        }
        var repository = PlatformDataRoot.RepositoryRoot(AppContext.BaseDirectory);
        var configuration = typeof(AppHostProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var startInfo = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = repository,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var dashboardApiKey = NewSecret();
        foreach (var argument in (string[])[
            "run", "--project", Path.Combine(repository, "Platform.AppHost"), "--no-build", "--configuration", configuration,
            "--launch-profile", "http", "--",
            $"--Platform:DataDirectory={dataDirectory}",
            // Given here, Aspire neither generates these nor writes them to the AppHost's user secrets.
            $"--AppHost:DashboardApiKey={dashboardApiKey}", $"--AppHost:OtlpApiKey={NewSecret()}", $"--Parameters:internal-token={NewSecret()}",
            .. appHostArguments])
        {
            startInfo.ArgumentList.Add(argument);
        }
        startInfo.Environment["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException("dotnet run did not start.");
        var host = new AppHostProcess(process, dataDirectory, dashboardApiKey);
        process.OutputDataReceived += (_, e) => host.Record(e.Data);
        process.ErrorDataReceived += (_, e) => host.Record(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await host.WaitUntilHealthyAsync();
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>PID → command line of the AppHost's tree and DCP's (with the dashboard, servers and services), now.</summary>
    public IReadOnlyDictionary<int, string> RecordProcesses()
    {
        var now = new Dictionary<int, string>();
        var roots = new List<int> { _dotnetRun.Id };
        var appHost = ProcessTree.WithDescendants(_dotnetRun.Id).FirstOrDefault(p => ProcessTree.CommandLine(p).Contains(AppHostBinary, StringComparison.Ordinal));
        if (appHost > 0)
        {
            roots.AddRange(ProcessTree.All().Where(p => IsDcpMonitoring(p, appHost)));
        }
        foreach (var pid in roots.SelectMany(ProcessTree.WithDescendants).Where(ProcessTree.IsAlive))
        {
            now[pid] = ProcessTree.CommandLine(pid);
            _processes.TryAdd(pid, now[pid]);
        }
        return now;
    }

    /// <summary>The <c>Platform.AppHost</c> process itself (the child of <c>dotnet run</c>).</summary>
    public int AppHostPid =>
        RecordProcesses().First(p => p.Value.Contains(AppHostBinary, StringComparison.Ordinal)).Key;

    /// <summary>SIGTERM to <c>dotnet run</c>, as a terminal's stop does; returns the processes still alive after <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<string>> TerminateAsync(TimeSpan timeout)
    {
        RecordProcesses();
        ProcessSignals.Terminate(_dotnetRun);
        return await SurvivorsAfterAsync(timeout);
    }

    /// <summary>Returns the processes still alive after <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<string>> SurvivorsAfterAsync(TimeSpan timeout) =>
        [.. (await ProcessTree.WaitUntilGoneAsync(_processes.Keys, timeout)).Select(p => $"{p} {_processes[p]}")];

    /// <summary>SIGKILL to one process of the stack.</summary>
    public static void Kill(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>The AppHost's console output so far (the last lines), for failure messages.</summary>
    public string Output => string.Join(Environment.NewLine, _output);

    public async ValueTask DisposeAsync()
    {
        if (!_dotnetRun.HasExited)
        {
            RecordProcesses();
        }
        // Servers of this data directory that lost track of their parents count too (postgres -D, s3rver --directory).
        foreach (var pid in ProcessTree.All().Where(p => ProcessTree.CommandLine(p).Contains(_dataDirectory, StringComparison.Ordinal)))
        {
            _processes.TryAdd(pid, ProcessTree.CommandLine(pid));
        }
        foreach (var pid in _processes.Keys.Where(ProcessTree.IsAlive))
        {
            Kill(pid);
        }
        await ProcessTree.WaitUntilGoneAsync(_processes.Keys, TimeSpan.FromSeconds(10));
        _dotnetRun.Dispose();
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        var deadline = DateTime.UtcNow + StartTimeout;
        var pending = ServiceUrls.Append(DashboardUrl).ToHashSet();
        while (pending.Count > 0)
        {
            if (_dotnetRun.HasExited)
            {
                throw new InvalidOperationException($"The AppHost exited ({_dotnetRun.ExitCode}) before the stack was healthy. Output:{Environment.NewLine}{Output}");
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not healthy within {StartTimeout}: {string.Join(", ", pending)}. Processes: "
                    + string.Join("; ", RecordProcesses().Values.Where(c => c.Contains("/Platform.", StringComparison.Ordinal)))
                    + $"{Environment.NewLine}Their last logs in the dashboard:{Environment.NewLine}{await DashboardLogsAsync(http, pending)}"
                    + $"{Environment.NewLine}AppHost output:{Environment.NewLine}{Output}");
            }
            foreach (var url in pending.ToList())
            {
                if (await AnswersAsync(http, url))
                {
                    pending.Remove(url);
                }
            }
            RecordProcesses();
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }

    private async Task<string> DashboardLogsAsync(HttpClient http, IEnumerable<string> urls)
    {
        var logs = new List<string>();
        foreach (var name in urls.Select(u => u switch { WebUrl => "web", AuthUrl => "auth", ApiUrl => "api", WorkerUrl => "worker", _ => "" }).Where(n => n.Length > 0))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{DashboardUrl}/api/telemetry/logs?resource={name}&limit=20") { Headers = { { "x-api-key", DashboardApiKey } } };
            try
            {
                using var response = await http.SendAsync(request);
                logs.Add($"{name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                logs.Add($"{name}: {e.Message}");
            }
        }
        return string.Join(Environment.NewLine, logs);
    }

    private async Task<bool> AnswersAsync(HttpClient http, string url)
    {
        using var request = url == DashboardUrl
            ? new HttpRequestMessage(HttpMethod.Get, $"{DashboardUrl}/api/telemetry/resources") { Headers = { { "x-api-key", DashboardApiKey } } }
            : new HttpRequestMessage(HttpMethod.Get, $"{url}/health");
        try
        {
            using var response = await http.SendAsync(request);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// Something accepts connections on the port. (Not "can this process bind it": after a crash the port's
    /// connections linger in TIME_WAIT, which blocks a bind without SO_REUSEADDR but none of the stack's servers.)
    /// </summary>
    private static async Task<bool> IsListeningAsync(int port)
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    private static bool IsDcpMonitoring(int pid, int appHost)
    {
        var arguments = ProcessTree.CommandLine(pid).Split(' ');
        var monitor = Array.IndexOf(arguments, "--monitor");
        return arguments[0].EndsWith("/dcp", StringComparison.Ordinal) && monitor >= 0 && monitor + 1 < arguments.Length
            && arguments[monitor + 1] == appHost.ToString(CultureInfo.InvariantCulture);
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }
        _output.Enqueue(line);
        while (_output.Count > OutputLines && _output.TryDequeue(out _))
        {
        }
    }

    private static string NewSecret() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
}
