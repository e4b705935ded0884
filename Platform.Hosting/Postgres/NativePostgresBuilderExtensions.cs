using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Npgsql;
using Platform.Hosting.Aspire;
using Platform.Hosting.Processes;

namespace Platform.Hosting.Postgres;

/// <summary>
/// <c>AddNativePostgres</c>: Aspire's PostgreSQL integration without a container. DCP runs the machine's
/// <c>postgres</c> (as the <c>postgres</c> account when the AppHost is root); the data directory is
/// initialised before each start; databases are created once the server is ready.
/// </summary>
public static class NativePostgresBuilderExtensions
{
    /// <summary>
    /// The developer run's port; the testing builder's runs take a free one. Below 32768, outside every OS's range of
    /// ephemeral ports: a fixed port inside it (54320/54330 before) can be held at that moment as the source port of
    /// some outgoing connection, and the server's bind fails with EADDRINUSE (seen in CI).
    /// </summary>
    public const int DefaultPort = 25432;

    public const string ResetDataCommand = "reset-data";

    // DCP stops a process with SIGTERM, PostgreSQL's "smart" shutdown, which waits for every pooled client
    // to leave, so a restart would end in a kill and crash recovery. This shell turns SIGTERM into SIGINT
    // ("fast" shutdown). The server gets SIGINT by itself if the shell dies first (setpriv --pdeathsig).
    private const string SignalTranslator = """
        trap 'kill -INT "$child" 2>/dev/null' TERM INT
        "$@" &
        child=$!
        wait "$child"; status=$?
        while kill -0 "$child" 2>/dev/null; do wait "$child"; status=$?; done
        exit "$status"
        """;

    public static IResourceBuilder<NativePostgresResource> AddNativePostgres(this IDistributedApplicationBuilder builder,
        [ResourceName] string name, int? port = null, string? binDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var binaries = PostgresBinaries.Locate(binDirectory);
        var ephemeral = PlatformDataRoot.IsEphemeral(builder);
        var serverPort = port ?? (ephemeral ? FreePort.Find() : DefaultPort);
        var resource = new NativePostgresResource(name, "/bin/sh", "/") { DataDirectory = PlatformDataRoot.DataDirectory(builder, name) };

        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthCheckKey,
            _ => new NativePostgresHealthCheck(ct => ServerConnectionStringAsync(resource, ct)), HealthStatus.Unhealthy, tags: null));

        return builder.AddResource(resource)
            // Not proxied: while the server is down its port refuses connections instead of accepting and hanging.
            .WithEndpoint(port: serverPort, targetPort: serverPort, scheme: "tcp", name: NativePostgresResource.PrimaryEndpointName, isProxied: false)
            .WithArgs(context =>
            {
                var directory = new PostgresDataDirectory(resource.DataDirectory, binaries);
                var server = directory.ServerArguments(serverPort, durable: !ephemeral, maxConnections: 200);
                List<string> arguments = ["-c", SignalTranslator, "postgres-signal-translator", "setpriv", "--pdeathsig", "INT"];
                if (ServiceUser.IsRoot)
                {
                    arguments.AddRange([$"--reuid={ServiceUser.PostgresAccount}", $"--regid={ServiceUser.PostgresAccount}", "--init-groups"]);
                }
                arguments.AddRange(["--", binaries.Postgres, .. server]);
                foreach (var argument in arguments)
                {
                    context.Args.Add(argument);
                }
            })
            .WithHealthCheck(healthCheckKey)
            .WithIconName("Database")
            .OnBeforeResourceStarted(async (server, _, ct) =>
                // initdb when empty, stale postmaster.pid cleared: runs before every start, so it is idempotent.
                await new PostgresDataDirectory(server.DataDirectory, binaries).PrepareAsync(ct))
            .OnResourceReady(async (server, @event, ct) =>
            {
                var notifications = @event.Services.GetRequiredService<ResourceNotificationService>();
                foreach (var database in DatabasesOf(builder, server))
                {
                    await CreateDatabaseAsync(server, database.DatabaseName, ct);
                    await notifications.PublishUpdateAsync(database, s => s with
                    {
                        State = KnownResourceStates.Running,
                        StartTimeStamp = DateTime.UtcNow,
                        StopTimeStamp = null,
                    });
                }
            });
    }

    /// <summary>
    /// Keeps the cluster in <paramref name="path"/>; default <c>.platform/data/NAME</c> at the repository
    /// root in a developer run, a temporary folder under the testing builder.
    /// </summary>
    public static IResourceBuilder<NativePostgresResource> WithDataDirectory(this IResourceBuilder<NativePostgresResource> builder, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (path is not null)
        {
            builder.Resource.DataDirectory = Path.GetFullPath(path, builder.ApplicationBuilder.AppHostDirectory);
        }
        return builder;
    }

    /// <summary>A database on the server, created (idempotently) whenever the server becomes ready.</summary>
    public static IResourceBuilder<NativePostgresDatabaseResource> AddDatabase(this IResourceBuilder<NativePostgresResource> builder,
        [ResourceName] string name, string? databaseName = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var database = new NativePostgresDatabaseResource(name, databaseName ?? name, builder.Resource);
        builder.Resource.AddDatabase(name, database.DatabaseName);

        var healthCheckKey = $"{name}_check";
        builder.ApplicationBuilder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthCheckKey,
            _ => new NativePostgresHealthCheck(ct => database.ConnectionStringExpression.GetValueAsync(ct)), HealthStatus.Unhealthy, tags: null));

        return builder.ApplicationBuilder.AddResource(database)
            .WithHealthCheck(healthCheckKey)
            .WithIconName("DatabaseStack")
            .OnInitializeResource((db, @event, ct) =>
            {
                _ = Task.Run(() => FollowServerStateAsync(db, @event.Notifications, @event.Logger, ct), ct);
                return Task.CompletedTask;
            });
    }

    /// <summary>
    /// A dashboard command that drops and recreates the server's databases (after a confirmation), then
    /// restarts the resources waiting for them so they recreate their schemas. Developer runs only.
    /// </summary>
    public static IResourceBuilder<NativePostgresResource> WithResetDataCommand(this IResourceBuilder<NativePostgresResource> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!builder.ApplicationBuilder.ExecutionContext.IsRunMode)
        {
            return builder;
        }
        var appBuilder = builder.ApplicationBuilder;
        return builder.WithCommand(ResetDataCommand, "Reset data", async context =>
        {
            var server = builder.Resource;
            var databases = DatabasesOf(appBuilder, server).ToList();
            foreach (var database in databases)
            {
                await DropDatabaseAsync(server, database.DatabaseName, context.CancellationToken);
                await CreateDatabaseAsync(server, database.DatabaseName, context.CancellationToken);
            }
            var commands = context.Services.GetRequiredService<ResourceCommandService>();
            var dependents = appBuilder.Resources
                .Where(r => r.Annotations.OfType<WaitAnnotation>().Any(w => databases.Contains(w.Resource)))
                .ToList();
            foreach (var dependent in dependents)
            {
                await commands.ExecuteCommandAsync(dependent, KnownResourceCommands.RestartCommand, context.CancellationToken);
            }
            return CommandResults.Success();
        }, new CommandOptions
        {
            Description = "Drop and recreate the databases, then restart the services that use them.",
            ConfirmationMessage = "Delete all data in " + string.Join(", ", builder.Resource.Databases.Values) + "?",
            IconName = "DatabaseWarning",
            UpdateState = context => context.ResourceSnapshot.State?.Text == KnownResourceStates.Running
                ? ResourceCommandState.Enabled
                : ResourceCommandState.Disabled,
        });
    }

    private static IEnumerable<NativePostgresDatabaseResource> DatabasesOf(IDistributedApplicationBuilder builder, NativePostgresResource server) =>
        builder.Resources.OfType<NativePostgresDatabaseResource>().Where(d => d.Parent == server);

    /// <summary>
    /// A database has no process of its own: it mirrors the server's state, except that "Running" waits
    /// for the database to exist (published by the server's ready handler).
    /// </summary>
    private static async Task FollowServerStateAsync(NativePostgresDatabaseResource database, ResourceNotificationService notifications,
        ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            await notifications.PublishUpdateAsync(database, s => s with { ResourceType = "PostgresDatabase", State = KnownResourceStates.Waiting });
            await foreach (var update in notifications.WatchAsync(cancellationToken))
            {
                if (update.Resource != database.Parent || update.Snapshot.State?.Text == KnownResourceStates.Running)
                {
                    continue;
                }
                var serverState = update.Snapshot.State;
                await notifications.PublishUpdateAsync(database, s => s with
                {
                    State = serverState,
                    StopTimeStamp = update.Snapshot.StopTimeStamp,
                    ExitCode = update.Snapshot.ExitCode,
                });
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The AppHost is stopping.
        }
        catch (Exception e)
        {
            logger.LogError(e, "Following the state of {Server} failed", database.Parent.Name);
        }
    }

    private static async ValueTask<string?> ServerConnectionStringAsync(NativePostgresResource server, CancellationToken cancellationToken)
    {
        var value = await server.ConnectionStringExpression.GetValueAsync(cancellationToken);
        // Without a database Npgsql would pick one named after the user; say it.
        return value is null ? null : value + ";Database=" + PostgresDataDirectory.Superuser;
    }

    private static async Task CreateDatabaseAsync(NativePostgresResource server, string name, CancellationToken cancellationToken)
    {
        await using var connection = await OpenServerConnectionAsync(server, cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection) { Parameters = { new() { Value = name } } };
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE {QuoteIdentifier(name)}", connection);
            try
            {
                await create.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
            {
                // Created meanwhile: the goal is reached.
            }
        }
    }

    private static async Task DropDatabaseAsync(NativePostgresResource server, string name, CancellationToken cancellationToken)
    {
        await using var connection = await OpenServerConnectionAsync(server, cancellationToken);
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {QuoteIdentifier(name)} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<NpgsqlConnection> OpenServerConnectionAsync(NativePostgresResource server, CancellationToken cancellationToken)
    {
        var connectionString = await ServerConnectionStringAsync(server, cancellationToken)
            ?? throw new InvalidOperationException($"The connection string of '{server.Name}' is not available.");
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
