using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Platform.Auth.Data;

/// <summary>
/// Applies the EF migrations before the server accepts requests, holding a PostgreSQL advisory lock so
/// replicas starting together migrate one after the other instead of racing.
/// </summary>
internal sealed partial class AuthDatabaseMigrator(IServiceProvider services, ILogger<AuthDatabaseMigrator> logger) : IHostedService
{
    // Any constant shared by all replicas; "authmigr" in ASCII.
    private const long LockKey = 0x617574686d696772;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async ct =>
        {
            // The lock belongs to a connection: open one dedicated connection for lock + migrate + unlock.
            await using var connection = new NpgsqlConnection(db.Database.GetConnectionString());
            await connection.OpenAsync(ct);
            await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_lock({LockKey})", connection))
            {
                await lockCommand.ExecuteNonQueryAsync(ct);
            }

            try
            {
                LogMigrating(db.Database.GetMigrations().LastOrDefault() ?? "none");
                await db.Database.MigrateAsync(ct);
            }
            finally
            {
                await using var unlock = new NpgsqlCommand($"SELECT pg_advisory_unlock({LockKey})", connection);
                await unlock.ExecuteNonQueryAsync(CancellationToken.None);
            }
        }, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Migrating authdb up to {Migration}")]
    private partial void LogMigrating(string migration);
}
