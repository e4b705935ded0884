using Microsoft.Extensions.Options;

namespace Platform.Api.Authentication;

/// <summary>Fetches the JWKS at start and again before it goes stale; retries sooner after a failure.</summary>
public sealed class JwksRefresher(JwksCache cache, IOptions<ApiAuthOptions> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var ttl = TimeSpan.FromSeconds(options.Value.JwksTtlSeconds);
        var retry = TimeSpan.FromSeconds(Math.Min(options.Value.JwksUnknownKeyRefetchSeconds, options.Value.JwksTtlSeconds));
        while (!stoppingToken.IsCancellationRequested)
        {
            var ok = await cache.RefreshAsync(stoppingToken);
            try
            {
                await Task.Delay(ok ? ttl * 0.8 : retry, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
