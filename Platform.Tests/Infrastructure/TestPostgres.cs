using Platform.Hosting.Postgres;

namespace Platform.Tests.Infrastructure;

/// <summary>
/// One throwaway PostgreSQL server for the whole test run, started on first use by Platform.Hosting's
/// own code. Test classes each get a fresh database on it (<see cref="PostgresDatabaseFixture"/>), so
/// they run in parallel without seeing each other's rows.
/// </summary>
public static class TestPostgres
{
    private static readonly Lazy<Task<PostgresServer>> Server = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    public static Task<PostgresServer> GetServerAsync() => Server.Value;

    public static string NewTempDirectory(string purpose) =>
        Path.Combine(Path.GetTempPath(), $"platform-tests-{purpose}-{Guid.NewGuid():N}"[..40]);

    private static async Task<PostgresServer> StartAsync()
    {
        var directory = NewTempDirectory("pg");
        var server = await PostgresServer.StartAsync(new PostgresServerOptions
        {
            DataDirectory = directory,
            Durable = false,
            MaxConnections = 500,
        });
        // Registered after the server's own handler, so the server has stopped when the directory goes.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            server.StopAsync().GetAwaiter().GetResult();
            DeleteQuietly(directory);
        };
        return server;
    }

    public static void DeleteQuietly(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
            Directory.Delete(directory + ".run", recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
