using System.Diagnostics;

namespace Platform.Tests.Integration.Jobs;

/// <summary>A real <c>dotnet Platform.Worker.dll</c> process, for tests that kill workers.</summary>
public sealed class WorkerProcess : IDisposable
{
    private const int OutputLinesKept = 30;

    private readonly Process _process;
    private readonly Queue<string> _output;

    private WorkerProcess(string instance, Process process, Queue<string> output)
    {
        Instance = instance;
        _process = process;
        _output = output;
    }

    public string Instance { get; }

    public bool HasExited => _process.HasExited;

    public static WorkerProcess Start(string connectionString, string instance)
    {
        var start = new ProcessStartInfo("dotnet", [WorkerDll()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in JobsCluster.Settings(connectionString))
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        start.Environment["Jobs__WorkerInstance"] = instance;
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the worker.");
        var output = new Queue<string>();
        void Keep(object? sender, DataReceivedEventArgs e)
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
        }
        process.OutputDataReceived += Keep;
        process.ErrorDataReceived += Keep;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new WorkerProcess(instance, process, output);
    }

    /// <summary>What the process printed last, and whether it still runs: for failure messages.</summary>
    public string Describe()
    {
        lock (_output)
        {
            var state = _process.HasExited ? $"exited with {_process.ExitCode}" : "running";
            return $"worker {Instance} ({state}):{Environment.NewLine}{string.Join(Environment.NewLine, _output)}";
        }
    }

    /// <summary>SIGKILL: no shutdown hooks, no chance to finish or hand over the running job.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }
        _process.Dispose();
    }

    private static string WorkerDll()
    {
        // Platform.Tests/bin/<Configuration>/net10.0 → Platform.Worker/bin/<Configuration>/net10.0
        var testBin = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        var framework = Path.GetFileName(testBin);
        var configuration = Path.GetFileName(Path.GetDirectoryName(testBin))!;
        var root = Path.GetFullPath(Path.Combine(testBin, "..", "..", "..", ".."));
        var dll = Path.Combine(root, "Platform.Worker", "bin", configuration, framework, "Platform.Worker.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build Platform.Worker first.", dll);
    }
}
