using System.Diagnostics;
using Npgsql;
using Platform.Hosting.Postgres;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Integration.Hosting;

[Trait(Category.Name, Category.Integration)]
public sealed class PostgresServerTests(ITestOutputHelper output) : IDisposable
{
    private readonly List<string> _directories = [];

    [Fact]
    public async Task Starts_from_an_empty_directory_and_accepts_connections()
    {
        var directory = NewDirectory();
        var clock = Stopwatch.StartNew();
        await using var server = await PostgresServer.StartAsync(Options(directory));
        output.WriteLine($"initdb + start + first connection: {clock.ElapsedMilliseconds} ms");

        Assert.True(File.Exists(Path.Combine(directory, "PG_VERSION")));
        Assert.Equal(15, await ScalarAsync<int>(server.GetConnectionString(), "SELECT 15"));
    }

    [Fact]
    public async Task Two_servers_run_side_by_side_on_different_ports()
    {
        await using var first = await PostgresServer.StartAsync(Options(NewDirectory()));
        await using var second = await PostgresServer.StartAsync(Options(NewDirectory()));

        Assert.NotEqual(first.Port, second.Port);
        await first.CreateDatabaseAsync("only_on_first");
        Assert.Equal(1L, await ScalarAsync<long>(first.GetConnectionString(), "SELECT count(*) FROM pg_database WHERE datname = 'only_on_first'"));
        Assert.Equal(0L, await ScalarAsync<long>(second.GetConnectionString(), "SELECT count(*) FROM pg_database WHERE datname = 'only_on_first'"));
    }

    [Fact]
    public async Task Data_written_before_a_stop_is_there_after_a_restart_with_the_same_directory()
    {
        var directory = NewDirectory();
        await using (var server = await PostgresServer.StartAsync(Options(directory)))
        {
            await server.CreateDatabaseAsync("keep");
            await ExecuteAsync(server.GetConnectionString("keep"), "CREATE TABLE notes(body text); INSERT INTO notes VALUES ('still here')");
        }

        await using var restarted = await PostgresServer.StartAsync(Options(directory));
        Assert.Equal("still here", await ScalarAsync<string>(restarted.GetConnectionString("keep"), "SELECT body FROM notes"));
    }

    [Fact]
    public async Task A_server_killed_with_SIGKILL_is_started_again_by_the_next_run()
    {
        var directory = NewDirectory();
        // Durable: a crash must not lose committed rows (throwaway clusters turn synchronous commit off).
        var durable = new PostgresServerOptions { DataDirectory = directory, Durable = true };
        var killed = await PostgresServer.StartAsync(durable);
        await killed.CreateDatabaseAsync("survivor");
        await ExecuteAsync(killed.GetConnectionString("survivor"), "CREATE TABLE t(x int); INSERT INTO t VALUES (7)");
        NpgsqlConnection.ClearAllPools();
        Process.GetProcessById(killed.ProcessId).Kill();
        while (!killed.HasExited)
        {
            await Task.Delay(20);
        }
        Assert.True(File.Exists(Path.Combine(directory, "postmaster.pid")), "a SIGKILLed postmaster leaves its pid file");

        await using var next = await PostgresServer.StartAsync(durable);
        Assert.Equal(7, await ScalarAsync<int>(next.GetConnectionString("survivor"), "SELECT x FROM t"));
        await killed.DisposeAsync();
    }

    [Fact]
    public async Task An_orphaned_server_left_by_a_killed_host_is_replaced_by_the_next_run()
    {
        var directory = NewDirectory();
        var orphan = await PostgresServer.StartAsync(Options(directory));

        await using var next = await PostgresServer.StartAsync(Options(directory));

        Assert.True(orphan.HasExited);
        Assert.Equal(1, await ScalarAsync<int>(next.GetConnectionString(), "SELECT 1"));
        await orphan.DisposeAsync();
    }

    [Fact]
    public async Task A_bogus_binaries_path_gives_one_clear_error_naming_the_fix()
    {
        var error = await Assert.ThrowsAsync<PostgresBinariesNotFoundException>(() =>
            PostgresServer.StartAsync(new PostgresServerOptions { DataDirectory = NewDirectory(), BinDirectory = "/nonexistent/postgres/bin" }));

        Assert.Contains("/nonexistent/postgres/bin", error.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install -y postgresql", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        foreach (var directory in _directories)
        {
            TestPostgres.DeleteQuietly(directory);
        }
    }

    private string NewDirectory()
    {
        var directory = TestPostgres.NewTempDirectory("srv");
        _directories.Add(directory);
        return directory;
    }

    private static PostgresServerOptions Options(string directory) => new() { DataDirectory = directory, Durable = false };

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
