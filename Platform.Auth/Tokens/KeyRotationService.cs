namespace Platform.Auth.Tokens;

/// <summary>Checks hourly whether the active signing key is due for rotation (token issuing checks too).</summary>
internal sealed partial class KeyRotationService(SigningKeyStore keys, TimeProvider time, ILogger<KeyRotationService> logger)
    : BackgroundService
{
    public static readonly TimeSpan CheckEvery = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await keys.GetSigningKeyAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogCheckFailed(e);
            }

            await Task.Delay(CheckEvery, time, stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Signing key rotation check failed; retrying in an hour")]
    private partial void LogCheckFailed(Exception exception);
}
