using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Platform.Core.Jobs.Quartz;

/// <summary>Creates the Quartz schema at start, before the scheduler (registered after it) first touches it.</summary>
public sealed partial class QuartzSchemaInitializer(QuartzConnection connection, IOptions<JobsOptions> options, ILogger<QuartzSchemaInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await QuartzSchema.EnsureCreatedAsync(connection.ConnectionString, options.Value.TablePrefix, cancellationToken);
        LogSchemaReady(logger, options.Value.TablePrefix);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Quartz schema ready with table prefix {TablePrefix}")]
    private static partial void LogSchemaReady(ILogger logger, string tablePrefix);
}

/// <summary>The platformdb connection string the Quartz job store and the run recorder use.</summary>
public sealed record QuartzConnection(string ConnectionString);
