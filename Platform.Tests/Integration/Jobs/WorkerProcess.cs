using System.Diagnostics;

namespace Platform.Tests.Integration.Jobs;

/// <summary>A real <c>dotnet Platform.Worker.dll</c> process, for tests that kill workers.</summary>
public sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;

    private WorkerProcess(string instance, Process process)
    {
        Instance = instance;
        _process = process;
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
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new WorkerProcess(instance, process);
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
