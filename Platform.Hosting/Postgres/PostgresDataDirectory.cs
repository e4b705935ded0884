using System.Globalization;
using Platform.Hosting.Processes;

namespace Platform.Hosting.Postgres;

/// <summary>
/// A cluster's data directory: initialised with <c>initdb</c> when empty, freed of a stale
/// <c>postmaster.pid</c> left by a killed run, and the command line that serves it on 127.0.0.1.
/// Shared by <see cref="PostgresServer"/> (tests) and the AppHost's native PostgreSQL resource.
/// </summary>
public sealed class PostgresDataDirectory(string path, PostgresBinaries binaries)
{
    public const string Superuser = "postgres";

    // Unix socket paths are limited to 107 bytes; a deep data directory gets its socket under /tmp instead.
    private const int MaxSocketDirectoryLength = 80;

    public string Path { get; } = System.IO.Path.GetFullPath(path);
    public PostgresBinaries Binaries { get; } = binaries;
    public string PidFile => System.IO.Path.Combine(Path, "postmaster.pid");

    public string SocketDirectory
    {
        get
        {
            var beside = Path.TrimEnd('/') + ".run";
            return beside.Length <= MaxSocketDirectoryLength
                ? beside
                : System.IO.Path.Combine(System.IO.Path.GetTempPath(), "platform-pg-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Path)))[..12]);
        }
    }

    public bool IsInitialized => File.Exists(System.IO.Path.Combine(Path, "PG_VERSION"));

    /// <summary>Creates and initialises the directory when needed, and clears what a killed run left behind.</summary>
    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path);
        Directory.CreateDirectory(SocketDirectory);
        await ServiceUser.GiveOwnershipAsync(SocketDirectory, cancellationToken);
        if (!IsInitialized)
        {
            await InitializeAsync(cancellationToken);
        }
        await RecoverFromStalePidFileAsync(cancellationToken);
    }

    /// <summary>The postgres server's arguments (the program is <see cref="PostgresBinaries.Postgres"/>).</summary>
    public IReadOnlyList<string> ServerArguments(int port, bool durable, int maxConnections)
    {
        List<string> arguments =
        [
            "-D", Path,
            "-p", port.ToString(CultureInfo.InvariantCulture),
            "-c", "listen_addresses=127.0.0.1",
            "-c", $"unix_socket_directories={SocketDirectory}",
            "-c", $"max_connections={maxConnections}",
            "-c", "logging_collector=off",
        ];
        if (!durable)
        {
            arguments.AddRange(["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]);
        }
        return arguments;
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await ServiceUser.GiveOwnershipAsync(Path, cancellationToken);
        var (fileName, arguments) = ServiceUser.Wrap(Binaries.InitDb,
            ["-D", Path, "-U", Superuser, "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions"]);
        var result = await ProcessRunner.RunAsync(fileName, arguments, cancellationToken);
        result.EnsureSuccess($"initdb of {Path}");
    }

    /// <summary>
    /// A run killed with SIGKILL leaves <c>postmaster.pid</c> behind, and maybe a live orphan postmaster.
    /// An orphan serving this directory is shut down; a pid file naming no postgres process is removed.
    /// </summary>
    private async Task RecoverFromStalePidFileAsync(CancellationToken cancellationToken)
    {
        if (ReadPostmasterPid() is not { } pid)
        {
            return;
        }
        if (IsPostgresProcess(pid))
        {
            var (fileName, arguments) = ServiceUser.Wrap(Binaries.PgCtl, ["stop", "-D", Path, "-m", "fast", "-w", "-t", "30"]);
            var result = await ProcessRunner.RunAsync(fileName, arguments, cancellationToken);
            if (result.ExitCode != 0 && IsPostgresProcess(pid))
            {
                System.Diagnostics.Process.GetProcessById(pid).Kill();
            }
            return;
        }
        File.Delete(PidFile);
    }

    public int? ReadPostmasterPid()
    {
        try
        {
            var firstLine = File.ReadLines(PidFile).FirstOrDefault();
            return int.TryParse(firstLine, NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool IsPostgresProcess(int pid)
    {
        try
        {
            var comm = File.ReadAllText($"/proc/{pid}/comm").Trim();
            return comm is "postgres" or "postmaster";
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return false;
        }
    }
}
