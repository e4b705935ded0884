using System.Diagnostics;
using System.Runtime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Platform.ServiceDefaults.Telemetry;

/// <summary>
/// One log line when the host has started: wall time since the process began, CPU time, and how much of it
/// the JIT took. Start-up cost shows per service in the dashboard's logs (bench/results/apphost-coldstart.md).
/// </summary>
internal sealed partial class StartupReport(IHostApplicationLifetime lifetime, ILogger<StartupReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Report);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Report()
    {
        using var process = Process.GetCurrentProcess();
        LogStarted(logger, (long)(DateTime.Now - process.StartTime).TotalMilliseconds, (long)process.TotalProcessorTime.TotalMilliseconds,
            JitInfo.GetCompiledMethodCount(), (long)JitInfo.GetCompilationTime().TotalMilliseconds);
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Started in {StartupMs} ms, {CpuMs} ms CPU; the JIT compiled {JitMethods} methods in {JitMs} ms")]
    private static partial void LogStarted(ILogger logger, long startupMs, long cpuMs, long jitMethods, long jitMs);
}
