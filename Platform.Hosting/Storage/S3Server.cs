using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Platform.Hosting.Processes;

namespace Platform.Hosting.Storage;

/// <summary>
/// An S3 server run by this process on 127.0.0.1 for tests and tools: s3rver (tools/s3rver, with the
/// project's fixes) or a <c>minio</c> binary from PATH. Stops with SIGTERM on dispose (SIGKILL after
/// <see cref="S3ServerOptions.StopTimeout"/>) and when this process exits.
/// </summary>
public sealed partial class S3Server : IAsyncDisposable
{
    /// <summary>s3rver's fixed access key and secret.</summary>
    public const string S3rverCredential = "S3RVER";

    private const int OutputLinesKept = 40;

    private readonly Process _process;
    private readonly Queue<string> _output;
    private readonly string? _temporaryDirectory;
    private readonly TimeSpan _stopTimeout;
    private int _stopped;

    private S3Server(S3ServerKind kind, Process process, Queue<string> output, int port, string accessKey, string secretKey,
        string dataDirectory, string? temporaryDirectory, TimeSpan stopTimeout)
    {
        Kind = kind;
        _process = process;
        _output = output;
        Endpoint = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        AccessKey = accessKey;
        SecretKey = secretKey;
        DataDirectory = dataDirectory;
        _temporaryDirectory = temporaryDirectory;
        _stopTimeout = stopTimeout;
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    public S3ServerKind Kind { get; }
    public Uri Endpoint { get; }
    public int Port => Endpoint.Port;
    public string AccessKey { get; }
    public string SecretKey { get; }
    public string DataDirectory { get; }
    public int ProcessId => _process.Id;
    public bool HasExited => _process.HasExited;

    /// <summary>Set once stopped: 143 (128 + SIGTERM) for a clean stop on Unix, 137 when it had to be killed.</summary>
    public int? ExitCode { get; private set; }

    /// <summary>The format of <c>ConnectionStrings__storage</c> (DESIGN §2), read by <c>AddMinioClient</c>.</summary>
    public string ConnectionString => $"Endpoint={Endpoint.GetLeftPart(UriPartial.Authority)};AccessKey={AccessKey};SecretKey={SecretKey}";

    /// <summary>The full path of a <c>minio</c> binary on PATH, or null.</summary>
    public static string? FindMinio()
    {
        var name = OperatingSystem.IsWindows() ? "minio.exe" : "minio";
        return (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
    }

    public static async Task<S3Server> StartAsync(S3ServerOptions options, CancellationToken cancellationToken = default)
    {
        var kind = options.Kind != S3ServerKind.Auto ? options.Kind : FindMinio() is null ? S3ServerKind.S3rver : S3ServerKind.Minio;
        var temporaryDirectory = options.DataDirectory is null
            ? Path.Combine(Path.GetTempPath(), $"platform-s3-{Guid.NewGuid():N}")
            : null;
        var dataDirectory = Path.GetFullPath(options.DataDirectory ?? temporaryDirectory!);
        Directory.CreateDirectory(dataDirectory);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.StartTimeout);
        try
        {
            return kind == S3ServerKind.Minio
                ? await StartMinioAsync(options, dataDirectory, temporaryDirectory, timeout.Token)
                : await StartS3rverAsync(options, dataDirectory, temporaryDirectory, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            DeleteQuietly(temporaryDirectory);
            throw new TimeoutException($"The {kind} S3 server did not start within {options.StartTimeout}.");
        }
        catch
        {
            DeleteQuietly(temporaryDirectory);
            throw;
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        await ProcessSignals.StopAsync(_process, _stopTimeout, cancellationToken);
        ExitCode = _process.ExitCode;
        _process.Dispose();
        DeleteQuietly(_temporaryDirectory);
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    public string RecentOutput() => Tail(_output);

    [GeneratedRegex(@"S3rver listening on (?<host>[^\s:]+):(?<port>\d+)")]
    private static partial Regex ListeningLine();

    private static async Task<S3Server> StartS3rverAsync(S3ServerOptions options, string dataDirectory, string? temporaryDirectory, CancellationToken cancellationToken)
    {
        var tools = S3rverInstallation.FindToolsDirectory(options.ToolsDirectory);
        var serverScript = await S3rverInstallation.EnsureInstalledAsync(tools, cancellationToken);
        string[] arguments =
        [
            "-r", S3rverInstallation.ExitWithParentScript(tools), serverScript,
            "--directory", dataDirectory, "--address", "127.0.0.1", "--port", options.Port.ToString(CultureInfo.InvariantCulture),
            "--silent", "--configure-bucket", options.Bucket,
        ];
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var (process, output) = Launch("node", arguments, new Dictionary<string, string> { ["S3RVER_EXIT_WITH_STDIN"] = "1" }, line =>
        {
            var match = ListeningLine().Match(line);
            if (match.Success)
            {
                listening.TrySetResult(int.Parse(match.Groups["port"].ValueSpan, CultureInfo.InvariantCulture));
            }
        });
        try
        {
            var exited = process.WaitForExitAsync(cancellationToken);
            if (await Task.WhenAny(listening.Task, exited) != listening.Task)
            {
                await exited;
                throw new InvalidOperationException($"s3rver exited during start-up with code {process.ExitCode}: {Tail(output)}");
            }
            var port = await listening.Task;
            return new S3Server(S3ServerKind.S3rver, process, output, port, S3rverCredential, S3rverCredential, dataDirectory, temporaryDirectory, options.StopTimeout);
        }
        catch
        {
            ProcessSignals.KillQuietly(process);
            process.Dispose();
            throw;
        }
    }

    private static async Task<S3Server> StartMinioAsync(S3ServerOptions options, string dataDirectory, string? temporaryDirectory, CancellationToken cancellationToken)
    {
        var binary = FindMinio() ?? throw new InvalidOperationException("No minio binary on PATH (https://min.io/download).");
        var port = options.Port != 0 ? options.Port : FreePort.Find();
        // Random per start unless pinned: a developer's MinIO must not answer to a password from git.
        var secretKey = options.MinioSecretKey ?? Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var environment = new Dictionary<string, string>
        {
            ["MINIO_ROOT_USER"] = options.MinioAccessKey,
            ["MINIO_ROOT_PASSWORD"] = secretKey,
            ["MINIO_BROWSER"] = "off",
        };
        var (process, output) = Launch(binary, ["server", dataDirectory, "--address", $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", "--quiet"], environment, onLine: null);
        try
        {
            await WaitUntilLiveAsync(process, output, port, cancellationToken);
            return new S3Server(S3ServerKind.Minio, process, output, port, options.MinioAccessKey, secretKey, dataDirectory, temporaryDirectory, options.StopTimeout);
        }
        catch
        {
            ProcessSignals.KillQuietly(process);
            process.Dispose();
            throw;
        }
    }

    // MinIO prints no parseable ready line; its liveness endpoint answers 200 once it serves requests.
    private static async Task WaitUntilLiveAsync(Process process, Queue<string> output, int port, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var live = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/minio/health/live");
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"minio exited during start-up with code {process.ExitCode}: {Tail(output)}");
            }
            try
            {
                using var response = await http.GetAsync(live, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // Not listening yet.
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }

    private static (Process, Queue<string>) Launch(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, Action<string>? onLine)
    {
        var info = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // s3rver's exit-with-parent preload watches this pipe: it closes when this process dies.
            RedirectStandardInput = true,
            WorkingDirectory = "/",
        }.WithArguments(arguments);
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        var output = new Queue<string>();
        var process = new Process { StartInfo = info };
        DataReceivedEventHandler keep = (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }
            lock (output)
            {
                output.Enqueue(e.Data);
                if (output.Count > OutputLinesKept)
                {
                    output.Dequeue();
                }
            }
            onLine?.Invoke(e.Data);
        };
        process.OutputDataReceived += keep;
        process.ErrorDataReceived += keep;
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            process.Dispose();
            throw new InvalidOperationException($"Could not start '{fileName}'; is it installed and on PATH?", e);
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, output);
    }

    private void OnProcessExit(object? sender, EventArgs e)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }
        ProcessSignals.Terminate(_process);
        if (!_process.WaitForExit(_stopTimeout))
        {
            ProcessSignals.KillQuietly(_process);
        }
        DeleteQuietly(_temporaryDirectory);
    }

    private static string Tail(Queue<string> output)
    {
        lock (output)
        {
            return string.Join(Environment.NewLine, output);
        }
    }

    private static void DeleteQuietly(string? directory)
    {
        if (directory is null)
        {
            return;
        }
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temporary directory is not worth failing a stop for.
        }
    }
}
