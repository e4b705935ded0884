using System.ComponentModel;
using Platform.Hosting.Processes;

namespace Platform.Hosting.Storage;

/// <summary>
/// The project's copy of s3rver (tools/s3rver): installed with <c>npm ci</c> on first use and
/// patched (tools/s3rver/patch.js, idempotent) before every start, so a checkout that skipped
/// npm's install scripts still runs the fixed server.
/// </summary>
internal static class S3rverInstallation
{
    private const string SolutionFile = "Platform.sln";
    private static readonly string[] ToolsPath = ["tools", "s3rver"];

    // One installer per process; the lock file below covers other processes (AppHost, parallel test runs).
    private static readonly SemaphoreSlim InstallGate = new(1, 1);

    public static string FindToolsDirectory(string? explicitDirectory)
    {
        if (explicitDirectory is not null)
        {
            return File.Exists(Path.Combine(explicitDirectory, "package.json"))
                ? Path.GetFullPath(explicitDirectory)
                : throw new DirectoryNotFoundException($"No package.json in the s3rver tools directory {explicitDirectory}.");
        }
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFile)))
            {
                return Path.Combine([directory.FullName, .. ToolsPath]);
            }
        }
        throw new DirectoryNotFoundException(
            $"No {SolutionFile} above {AppContext.BaseDirectory}; set {nameof(S3ServerOptions)}.{nameof(S3ServerOptions.ToolsDirectory)} to the tools/s3rver folder.");
    }

    /// <summary>Installs and patches s3rver when needed; returns the server's start script.</summary>
    public static async Task<string> EnsureInstalledAsync(string toolsDirectory, CancellationToken cancellationToken)
    {
        var serverScript = Path.Combine(toolsDirectory, "node_modules", "s3rver", "bin", "s3rver.js");
        await InstallGate.WaitAsync(cancellationToken);
        try
        {
            await using var crossProcessLock = await AcquireLockFileAsync(Path.Combine(toolsDirectory, ".install.lock"), cancellationToken);
            if (!File.Exists(serverScript))
            {
                await RunAsync(OperatingSystem.IsWindows() ? "npm.cmd" : "npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], toolsDirectory, cancellationToken);
            }
            await RunAsync("node", ["patch.js"], toolsDirectory, cancellationToken);
            return serverScript;
        }
        finally
        {
            InstallGate.Release();
        }
    }

    public static string ExitWithParentScript(string toolsDirectory) => Path.Combine(toolsDirectory, "exit-with-parent.js");

    private static async Task RunAsync(string program, string[] arguments, string workingDirectory, CancellationToken cancellationToken)
    {
        ProcessResult result;
        try
        {
            result = await ProcessRunner.RunAsync(program, arguments, cancellationToken, workingDirectory: workingDirectory);
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"'{program}' is not on PATH; the embedded S3 server needs Node.js 18+ and npm (https://nodejs.org).", e);
        }
        result.EnsureSuccess($"{program} {string.Join(' ', arguments)} in {workingDirectory}");
    }

    private static async Task<FileStream> AcquireLockFileAsync(string path, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                // Another process is installing; it will be done in seconds.
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
            }
        }
    }
}
