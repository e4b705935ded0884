using Microsoft.Extensions.Options;
using Platform.Core.Files;

namespace Platform.Api.Files;

/// <summary>
/// Runs <see cref="FileSweeper"/> every <see cref="FilesOptions.SweepInterval"/> in the API, until the jobs issue
/// gives the sweep a <c>cleanup-orphan-files</c> job type. Replicas may sweep at once: every step is idempotent.
/// </summary>
public sealed partial class FileSweepService(
    IServiceScopeFactory scopes, IOptions<FilesOptions> options, TimeProvider time, ILogger<FileSweepService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.SweepInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<FileSweeper>().SweepAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Storage or database down: the next tick tries again.
                LogSweepFailed(logger, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "File sweep failed; retrying at the next interval")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
