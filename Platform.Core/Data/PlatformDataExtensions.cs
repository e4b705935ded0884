using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using Platform.Core.Paging;
using Platform.Core.Tasks;
using Platform.Core.Tenancy;

namespace Platform.Core.Data;

public static class PlatformDataExtensions
{
    public const string ConnectionName = "platformdb";

    /// <summary>
    /// SQLSTATEs retried beyond Npgsql's own transient set: a server restart kills pooled connections with
    /// 57P01 (admin_shutdown), 57P02 (crash_shutdown) and refuses new ones with 57P03 (cannot_connect_now).
    /// </summary>
    internal static readonly string[] RestartErrorCodes = ["57P01", "57P02", "57P03"];

    /// <summary>
    /// <see cref="PlatformDbContext"/> through Aspire's Npgsql EF client integration (pooling, health check,
    /// tracing, metrics) with bounded retries, the per-scope <see cref="TenantContext"/>, the task service and
    /// the start-up migrator.
    /// </summary>
    public static IHostApplicationBuilder AddPlatformData(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDbContext<PlatformDbContext>(ConnectionName,
            settings =>
            {
                // Retries are configured below, bounded so no request waits much more than 10 s on the database.
                settings.DisableRetry = true;
                if (settings.ConnectionString is { } connectionString)
                {
                    settings.ConnectionString = WithDefaults(connectionString, Environment.ProcessorCount);
                }
            },
            options => options.UseNpgsql(npgsql => npgsql.EnableRetryOnFailure(
                maxRetryCount: 3, maxRetryDelay: TimeSpan.FromSeconds(1), errorCodesToAdd: RestartErrorCodes)));

        BindTenantToDbContext(builder.Services);
        builder.Services.AddScoped<TaskService>();
        builder.Services.AddOptions<TaskOptions>().BindConfiguration(TaskOptions.Section);
        builder.Services.AddSingleton(sp => ListCursor.FromKey(sp.GetRequiredService<IOptions<TaskOptions>>().Value.CursorKey));
        builder.Services.AddHostedService<PlatformDatabaseMigrator>();
        return builder;
    }

    /// <summary>
    /// The connection string with this application's defaults for every setting it does not name: short connect and
    /// command timeouts (no request waits much more than 10 s on the database), server-side prepared statements for
    /// the hot queries (PostgreSQL parses and plans them once per connection), no reset round trip when a connection
    /// goes back to the pool (nothing here leaves session state behind: tenancy is a query filter, advisory locks
    /// are released), and a pool of four connections per core. A request holds a connection only for its
    /// statements, so a few per core keep the cores busy; Npgsql's default of 100 lets a burst become 100
    /// PostgreSQL backends contending for the same cores (bench/results/load-tasks.md: on 2 cores the task list
    /// went from ~4,700 to a median of ~5,060 rps and PostgreSQL's CPU per request from 134 to ~90 µs with 8 instead
    /// of 100). Never below a minimum pool size the connection string asks for.
    /// </summary>
    internal static string WithDefaults(string connectionString, int processorCount)
    {
        var csb = new NpgsqlConnectionStringBuilder(connectionString);
        var named = new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(k => k.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant()).ToHashSet();

        if (!named.Contains("TIMEOUT"))
        {
            csb.Timeout = 5;
        }
        if (!named.Contains("COMMANDTIMEOUT"))
        {
            csb.CommandTimeout = 10;
        }
        if (!named.Contains("MAXAUTOPREPARE"))
        {
            csb.MaxAutoPrepare = 50;
        }
        if (!named.Contains("NORESETONCLOSE"))
        {
            csb.NoResetOnClose = true;
        }
        if (!named.Overlaps(["MAXIMUMPOOLSIZE", "MAXPOOLSIZE"]))
        {
            csb.MaxPoolSize = Math.Max(Math.Max(8, 4 * processorCount), csb.MinPoolSize);
        }
        return csb.ConnectionString;
    }

    /// <summary>
    /// Every <see cref="PlatformDbContext"/> resolved from a scope filters by that scope's <see cref="TenantContext"/>.
    /// Aspire registers a pooled context; its factory is wrapped so each lease is bound to the current tenant.
    /// </summary>
    private static void BindTenantToDbContext(IServiceCollection services)
    {
        services.AddScoped<TenantContext>();
        var registration = services.Last(d => d.ServiceType == typeof(PlatformDbContext));
        var create = registration.ImplementationFactory
            ?? throw new InvalidOperationException("PlatformDbContext is expected to be registered with a factory (DbContext pooling).");
        services.Remove(registration);
        services.AddScoped(sp =>
        {
            var db = (PlatformDbContext)create(sp);
            db.UseTenant(sp.GetRequiredService<TenantContext>());
            return db;
        });
    }
}
