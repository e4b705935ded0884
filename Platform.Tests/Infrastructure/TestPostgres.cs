using System.Diagnostics;
using System.Globalization;
using Platform.Hosting.Postgres;
using Platform.Hosting.Processes;

namespace Platform.Tests.Infrastructure;

/// <summary>
/// One throwaway PostgreSQL server for the whole test run, started on first use by Platform.Hosting's
/// own code. Test classes each get a fresh database on it (<see cref="PostgresDatabaseFixture"/>), so
/// they run in parallel without seeing each other's rows.
/// </summary>
public static class TestPostgres
{
    private const string OwnerSuffix = ".owner";

    private static readonly Lazy<Task<PostgresServer>> Server = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    public static Task<PostgresServer> GetServerAsync() => Server.Value;

    public static string NewTempDirectory(string purpose) =>
        Path.Combine(Path.GetTempPath(), $"platform-tests-{purpose}-{Guid.NewGuid():N}"[..40]);

    private static async Task<PostgresServer> StartAsync()
    {
        StopOrphanedServers();
        var directory = NewTempDirectory("pg");
        var server = await PostgresServer.StartAsync(new PostgresServerOptions
        {
            DataDirectory = directory,
            Durable = false,
            MaxConnections = 500,
        });
        File.WriteAllText(directory + OwnerSuffix, Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        // Registered after the server's own handler, which stops it; then the directories go.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteQuietly(directory);
        return server;
    }

    /// <summary>
    /// A test run that was killed (a hang dump, Ctrl+C twice) leaves its server running: stop the servers whose
    /// owning test process is gone, and delete their directories.
    /// </summary>
    private static void StopOrphanedServers()
    {
        foreach (var owner in Directory.EnumerateFiles(Path.GetTempPath(), "platform-tests-pg-*" + OwnerSuffix))
        {
            var directory = owner[..^OwnerSuffix.Length];
            if (int.TryParse(File.ReadAllText(owner), CultureInfo.InvariantCulture, out var ownerId) && IsRunning(ownerId))
            {
                continue;
            }
            var postmaster = ReadPostmasterId(directory);
            if (postmaster is { } id && IsRunning(id))
            {
                using var process = Process.GetProcessById(id);
                ProcessSignals.Interrupt(process);
                process.WaitForExit(TimeSpan.FromSeconds(10));
            }
            DeleteQuietly(directory);
        }
    }

    private static int? ReadPostmasterId(string directory)
    {
        var pidFile = Path.Combine(directory, "postmaster.pid");
        return File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), CultureInfo.InvariantCulture, out var id)
            ? id
            : null;
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public static void DeleteQuietly(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
            if (Directory.Exists(directory + ".run"))
            {
                Directory.Delete(directory + ".run", recursive: true);
            }
            File.Delete(directory + OwnerSuffix);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
