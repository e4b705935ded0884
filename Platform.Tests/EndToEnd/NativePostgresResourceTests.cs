using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Npgsql;
using Platform.Hosting.Postgres;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.EndToEnd;

/// <summary>The native PostgreSQL resource on its own under DCP: start, databases, restart, stop.</summary>
[Trait(Category.Name, Category.EndToEnd)]
public sealed class NativePostgresResourceTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Database_survives_a_restart_and_the_postmaster_is_gone_after_dispose()
    {
        using var cts = new CancellationTokenSource(Timeout * 2);
        await using var builder = DistributedApplicationTestingBuilder.Create();
        var postgres = builder.AddNativePostgres("postgres").WithDataDirectory();
        var db = postgres.AddDatabase("appdb");

        int postmasterPid;
        await using (var app = await builder.BuildAsync(cts.Token))
        {
            await app.StartAsync(cts.Token);
            await app.ResourceNotifications.WaitForResourceHealthyAsync("appdb", cts.Token).WaitAsync(Timeout, cts.Token);

            var connectionString = await app.GetConnectionStringAsync("appdb", cts.Token);
            await ExecuteAsync(connectionString!, "CREATE TABLE notes (text text); INSERT INTO notes VALUES ('kept')", cts.Token);

            var restart = await app.ResourceCommands.ExecuteCommandAsync("postgres", KnownResourceCommands.RestartCommand, cts.Token);
            Assert.True(restart.Success, restart.Message);
            await app.ResourceNotifications.WaitForResourceHealthyAsync("appdb", cts.Token).WaitAsync(Timeout, cts.Token);

            Assert.Equal("kept", await ScalarAsync(connectionString!, "SELECT text FROM notes", cts.Token));
            var directory = new PostgresDataDirectory(postgres.Resource.DataDirectory, PostgresBinaries.Locate());
            postmasterPid = directory.ReadPostmasterPid() ?? throw new InvalidOperationException("no postmaster.pid");
            Assert.True(ProcessExists(postmasterPid));
        }

        Assert.False(ProcessExists(postmasterPid), $"postmaster {postmasterPid} outlived the app");
    }

    private static bool ProcessExists(int pid) => Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);

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
