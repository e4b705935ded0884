using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Platform.Hosting.Processes;

/// <summary>
/// .NET can only kill (SIGKILL) a child; servers that flush or clean up on exit need SIGTERM,
/// which takes libc's kill(2).
/// </summary>
public static class ProcessSignals
{
    private const int SigInt = 2;
    private const int SigTerm = 15;

    /// <summary>Asks the process to stop (SIGTERM); on Windows, where there is no such signal, kills it.</summary>
    public static void Terminate(Process process) => Send(process, SigTerm);

    /// <summary>SIGINT: PostgreSQL's fast shutdown (SIGTERM would be its smart shutdown, which waits for clients).</summary>
    public static void Interrupt(Process process) => Send(process, SigInt);

    private static void Send(Process process, int signal)
    {
        if (OperatingSystem.IsWindows())
        {
            KillQuietly(process);
            return;
        }
        if (NativeMethods.kill(process.Id, signal) != 0 && !process.HasExited)
        {
            KillQuietly(process);
        }
    }

    /// <summary>SIGTERM, then SIGKILL when the process has not exited within <paramref name="timeout"/>.</summary>
    public static async Task StopAsync(Process process, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (process.HasExited)
        {
            return;
        }
        Terminate(process);
        using var grace = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        grace.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            KillQuietly(process);
            await process.WaitForExitAsync(cancellationToken);
        }
    }

    public static void KillQuietly(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable SYSLIB1054 // LibraryImport would need AllowUnsafeBlocks for one int-only call.
        internal static extern int kill(int pid, int sig);
#pragma warning restore SYSLIB1054
    }
}
