using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Platform.Core.Data;

/// <summary>
/// Applies pending migrations before the host serves: under a PostgreSQL advisory lock, so API replicas and
/// workers starting together migrate once and the others wait, then find nothing to do.
/// </summary>
public sealed partial class PlatformDatabaseMigrator(IServiceScopeFactory scopes, ILogger<PlatformDatabaseMigrator> logger) : IHostedService
{
    /// <summary>The advisory lock key: any constant shared by every process migrating <c>platformdb</c>.</summary>
    public const long LockKey = 0x706C_6174_666F_726D; // "platform"

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        await MigrateAsync(db, logger, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public static async Task MigrateAsync(PlatformDbContext db, ILogger logger, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            // The lock belongs to this session: it is released below, or by PostgreSQL if the process dies.
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({LockKey})", cancellationToken);
            try
            {
                var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
                if (pending.Count > 0)
                {
                    LogApplying(logger, pending.Count, string.Join(", ", pending));
                    await db.Database.MigrateAsync(cancellationToken);
                }
            }
            finally
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applying {Count} platformdb migration(s): {Migrations}")]
    private static partial void LogApplying(ILogger logger, int count, string migrations);
}
