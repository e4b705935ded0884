using Microsoft.Extensions.Options;

namespace Platform.Api.Authentication;

/// <summary>
/// Fetches the JWKS at start and again before it goes stale; retries sooner after a failure, and every second
/// until the first success, so an api that starts beside auth (the AppHost does not make it wait) has the keys
/// about a second after auth answers.
/// </summary>
public sealed class JwksRefresher(JwksCache cache, IOptions<ApiAuthOptions> options, TimeProvider time) : BackgroundService
{
    private static readonly TimeSpan FirstFetchRetry = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var ttl = TimeSpan.FromSeconds(options.Value.JwksTtlSeconds);
        var retry = TimeSpan.FromSeconds(Math.Min(options.Value.JwksUnknownKeyRefetchSeconds, options.Value.JwksTtlSeconds));
        while (!stoppingToken.IsCancellationRequested)
        {
            var ok = await cache.RefreshAsync(stoppingToken);
            try
            {
                var delay = ok ? ttl * 0.8 : cache.Current.FetchedAt is null ? FirstFetchRetry : retry;
                await Task.Delay(delay, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
