using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Npgsql;
using Platform.Hosting.Postgres;
using Platform.Hosting.Storage;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.EndToEnd;

/// <summary>The native PostgreSQL and S3 resources on their own under DCP: start, databases, restart, stop.</summary>
[Trait(Category.Name, Category.EndToEnd)]
public sealed class NativeResourcesTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Data_survives_a_postgres_restart_and_no_server_process_outlives_the_app()
    {
        using var cts = new CancellationTokenSource(Timeout * 2);
        await using var builder = DistributedApplicationTestingBuilder.Create();
        var postgres = builder.AddNativePostgres("postgres").WithDataDirectory();
        postgres.AddDatabase("appdb");
        builder.AddNativeS3("storage").WithDataDirectory();

        int postmasterPid, storagePid;
        await using (var app = await builder.BuildAsync(cts.Token))
        {
            await app.StartAsync(cts.Token);
            await app.ResourceNotifications.WaitForResourceHealthyAsync("appdb", cts.Token).WaitAsync(Timeout, cts.Token);
            var storage = await app.ResourceNotifications.WaitForResourceHealthyAsync("storage", cts.Token).WaitAsync(Timeout, cts.Token);
            storagePid = ProcessTree.ProcessId(storage.Snapshot) ?? throw new InvalidOperationException("storage has no pid");
            Assert.Matches(@"^Endpoint=http://127\.0\.0\.1:\d+;AccessKey=S3RVER;SecretKey=S3RVER$", await app.GetConnectionStringAsync("storage", cts.Token));

            var connectionString = await app.GetConnectionStringAsync("appdb", cts.Token);
            await ExecuteAsync(connectionString!, "CREATE TABLE notes (text text); INSERT INTO notes VALUES ('kept')", cts.Token);

            var restart = await app.ResourceCommands.ExecuteCommandAsync("postgres", KnownResourceCommands.RestartCommand, cts.Token);
            Assert.True(restart.Success, restart.Message);
            // The server and its database go through Stopping/Exited/Starting: wait for them to be back. The default
            // wait gives up on an Exited state, and the latest notification may still be the stopped process's.
            await app.ResourceNotifications.WaitForResourceHealthyAsync("postgres", WaitBehavior.WaitOnResourceUnavailable, cts.Token)
                .WaitAsync(Timeout, cts.Token);
            await app.ResourceNotifications.WaitForResourceAsync("appdb",
                e => e.Snapshot.State?.Text == KnownResourceStates.Running && e.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy,
                cts.Token).WaitAsync(Timeout, cts.Token);

            Assert.Equal("kept", await ScalarAsync(connectionString!, "SELECT text FROM notes", cts.Token));
            var directory = new PostgresDataDirectory(postgres.Resource.DataDirectory, PostgresBinaries.Locate());
            postmasterPid = directory.ReadPostmasterPid() ?? throw new InvalidOperationException("no postmaster.pid");
            Assert.True(ProcessTree.IsAlive(postmasterPid));
        }

        Assert.Empty(await ProcessTree.WaitUntilGoneAsync([postmasterPid, storagePid], TimeSpan.FromSeconds(10)));
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(cancellationToken);
    }
}
