using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Npgsql;
using Platform.Hosting.Postgres;
using Platform.Tests.Infrastructure;
using Platform.Tests.Integration.Auth;

namespace Platform.Tests.Integration.Api;

/// <summary>The API on a PostgreSQL server of its own, which the tests stop, restart and disturb.</summary>
public sealed class OwnPostgresApiStack : ApiStack
{
    public PostgresServer Server { get; private set; } = null!;
    public string DataDirectory { get; } = TestPostgres.NewTempDirectory("api-pg");

    protected override async Task<string> CreatePlatformDatabaseAsync(PostgresDatabaseFixture database)
    {
        Server = await PostgresServer.StartAsync(new PostgresServerOptions { DataDirectory = DataDirectory });
        await Server.CreateDatabaseAsync("platformdb");
        return Server.GetConnectionString("platformdb");
    }

    public async Task RestartAsync()
    {
        var port = Server.Port;
        await Server.StopAsync();
        Server = await PostgresServer.StartAsync(new PostgresServerOptions { DataDirectory = DataDirectory, Port = port });
    }

    public async Task StopAsync() => await Server.StopAsync();

    public async Task StartAgainAsync(int port) =>
        Server = await PostgresServer.StartAsync(new PostgresServerOptions { DataDirectory = DataDirectory, Port = port });

    protected override async ValueTask DisposePlatformDatabaseAsync()
    {
        await Server.StopAsync();
        TestPostgres.DeleteQuietly(DataDirectory);
    }
}

[Trait(Category.Name, Category.Integration)]
public sealed class DatabaseOutageTests(OwnPostgresApiStack stack) : IClassFixture<OwnPostgresApiStack>
{
    [Fact]
    public async Task Database_down_answers_503_with_retry_after_quickly_and_acknowledged_writes_survive_the_restart()
    {
        using var user = await stack.SignUpAsync();
        using var api = await stack.ApiAsync(user);
        await api.CreateTaskAsync("acknowledged before the outage");

        var port = stack.Server.Port;
        await stack.StopAsync();
        try
        {
            var stopwatch = Stopwatch.StartNew();
            using var read = await api.GetAsync(new Uri("/api/tasks", UriKind.Relative));
            await read.AssertProblemWithRequestIdAsync(HttpStatusCode.ServiceUnavailable);
            Assert.True(read.Headers.RetryAfter?.Delta > TimeSpan.Zero);
            using var write = await api.PostAsJsonAsync("/api/tasks", new { title = "during the outage" });
            await write.AssertProblemWithRequestIdAsync(HttpStatusCode.ServiceUnavailable);
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(30), $"took {stopwatch.Elapsed}");
        }
        finally
        {
            await stack.StartAgainAsync(port);
        }

        // Pooled connections died with the server; the first requests after it returns are retried, not 500.
        var titles = (await api.ListTasksAsync()).Titles();
        Assert.Equal(["acknowledged before the outage"], titles);
    }

    [Fact]
    public async Task Connections_killed_by_the_server_are_retried_not_500()
    {
        using var user = await stack.SignUpAsync();
        using var api = await stack.ApiAsync(user);
        await api.CreateTaskAsync("survivor");

        for (var round = 0; round < 3; round++)
        {
            await using (var admin = new NpgsqlConnection(stack.Server.GetConnectionString()))
            {
                await admin.OpenAsync();
                await using var kill = new NpgsqlCommand(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'platformdb' AND pid <> pg_backend_pid()", admin);
                await kill.ExecuteNonQueryAsync();
            }

            Assert.Contains("survivor", (await api.ListTasksAsync()).Titles());
            await api.CreateTaskAsync($"after kill {round}");
        }
    }
}

/// <summary>The API with the request cut-off at two seconds.</summary>
public sealed class ShortRequestTimeoutApiStack : ApiStack
{
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(2);

    protected override IDictionary<string, string?> ExtraApiSettings => new Dictionary<string, string?>
    {
        ["Api:RequestTimeout"] = RequestTimeout.ToString(),
    };
}

[Trait(Category.Name, Category.Integration)]
public sealed class RequestTimeoutTests(ShortRequestTimeoutApiStack stack) : IClassFixture<ShortRequestTimeoutApiStack>
{
    [Fact]
    public async Task A_query_stuck_on_a_lock_is_cut_off_at_the_request_timeout_with_503_and_nothing_is_lost()
    {
        using var user = await stack.SignUpAsync();
        using var api = await stack.ApiAsync(user);
        // A cold API on a loaded machine can take longer than the short cut-off for its first requests.
        await Jobs.Poll.UntilAsync(async () =>
        {
            using var warm = await api.GetAsync(new Uri("/api/tasks", UriKind.Relative));
            return warm.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(60), "the API answering within its request timeout");
        await api.CreateTaskAsync("acknowledged before the lock");

        // Another session holds the table: every query on it waits for the lock, which is never released in time.
        await using (var blocker = new NpgsqlConnection(stack.PlatformDbConnectionString))
        {
            await blocker.OpenAsync();
            await using var transaction = await blocker.BeginTransactionAsync();
            await using (var lockTable = new NpgsqlCommand("LOCK TABLE tasks IN ACCESS EXCLUSIVE MODE", blocker, transaction))
            {
                await lockTable.ExecuteNonQueryAsync();
            }

            var stopwatch = Stopwatch.StartNew();
            using var read = await api.GetAsync(new Uri("/api/tasks", UriKind.Relative));
            stopwatch.Stop();
            await read.AssertProblemWithRequestIdAsync(HttpStatusCode.ServiceUnavailable);
            // Cut off by the request timeout, long before the database's own 10 s command timeout.
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(8), $"took {stopwatch.Elapsed}");
            await transaction.RollbackAsync();
        }

        Assert.Equal(["acknowledged before the lock"], (await api.ListTasksAsync()).Titles());
    }
}
