using System.Collections.Frozen;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Platform.ServiceDefaults.Authentication;

namespace Platform.Api.Authentication;

/// <summary>
/// The auth service's signing keys, fetched from <c>/api/auth/jwks</c> over service discovery. Keys stay in
/// use while auth is unreachable; an unknown <c>kid</c> refetches at most once per
/// <see cref="ApiAuthOptions.JwksUnknownKeyRefetchSeconds"/>, so forged kids cannot flood auth.
/// </summary>
public sealed partial class JwksCache(
    IHttpClientFactory clients, IOptions<ApiAuthOptions> options, TimeProvider time, ILogger<JwksCache> logger)
{
    public const string HttpClientName = "auth";
    public const string JwksPath = "/api/auth/jwks";

    private readonly Lock _gate = new();
    private volatile State _state = State.Empty;
    private Task<bool>? _inflight;
    private long _lastOnDemandFetchTicks = long.MinValue;

    public sealed record State(
        FrozenDictionary<string, Ed25519SecurityKey> Keys, DateTimeOffset? FetchedAt, DateTimeOffset? FailedAt, string? Failure)
    {
        public static readonly State Empty = new(FrozenDictionary<string, Ed25519SecurityKey>.Empty, null, null, null);
    }

    public State Current => _state;

    private ApiAuthOptions Options => options.Value;

    /// <summary>For JwtBearer's IssuerSigningKeyResolver: the cached key with this kid (all keys when none is named).</summary>
    public IEnumerable<SecurityKey> Resolve(string? kid)
    {
        var keys = _state.Keys;
        if (string.IsNullOrEmpty(kid))
        {
            return keys.Values;
        }

        return keys.TryGetValue(kid, out var key) ? [key] : [];
    }

    /// <summary>
    /// Before a token is validated: fetch when the kid is unknown (or nothing was ever fetched), at most once per
    /// refetch interval; concurrent callers share the one fetch in flight instead of racing past it.
    /// </summary>
    public async ValueTask EnsureKeyAsync(string? kid, CancellationToken cancellationToken)
    {
        var state = _state;
        var known = string.IsNullOrEmpty(kid) ? state.Keys.Count > 0 : state.Keys.ContainsKey(kid);
        if (known)
        {
            return;
        }

        Task<bool>? fetch = null;
        lock (_gate)
        {
            var now = time.GetUtcNow().UtcTicks;
            var interval = TimeSpan.FromSeconds(Options.JwksUnknownKeyRefetchSeconds).Ticks;
            if (_inflight is { IsCompleted: false })
            {
                fetch = _inflight;
            }
            else if (_lastOnDemandFetchTicks == long.MinValue || now - _lastOnDemandFetchTicks >= interval)
            {
                _lastOnDemandFetchTicks = now;
                fetch = _inflight = FetchAsync();
            }
        }

        if (fetch is not null)
        {
            await fetch.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Fetches the JWKS (or joins the fetch in flight); on failure keeps the keys it has. True when it succeeded.</summary>
    public Task<bool> RefreshAsync(CancellationToken cancellationToken)
    {
        Task<bool> fetch;
        lock (_gate)
        {
            fetch = _inflight is { IsCompleted: false } ? _inflight : (_inflight = FetchAsync());
        }

        return fetch.WaitAsync(cancellationToken);
    }

    // Not tied to any one caller's token: callers that give up leave the fetch running for the others.
    private async Task<bool> FetchAsync()
    {
        await Task.Yield();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(Options.CallTimeoutSeconds));
        try
        {
            var client = clients.CreateClient(HttpClientName);
            using var response = await client.GetAsync(new Uri(Options.ServiceUrl, JwksPath), timeout.Token);
            response.EnsureSuccessStatusCode();
            var json = await response.Content.ReadAsStringAsync(timeout.Token);
            var keys = Ed25519JsonWebKeys.FromJwks(json)
                .Where(k => !string.IsNullOrEmpty(k.KeyId))
                .GroupBy(k => k.KeyId!, StringComparer.Ordinal)
                .ToFrozenDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            _state = new State(keys, time.GetUtcNow(), null, null);
            LogFetched(logger, keys.Count);
            return true;
        }
        catch (Exception e)
        {
            var failure = e is OperationCanceledException ? "timed out" : e.GetType().Name;
            _state = _state with { FailedAt = time.GetUtcNow(), Failure = failure };
            LogFetchFailed(logger, failure, _state.Keys.Count);
            return false;
        }
    }

    /// <summary>Fresh while the last successful fetch is younger than the TTL.</summary>
    public bool IsFresh(out TimeSpan? age)
    {
        var fetchedAt = _state.FetchedAt;
        age = fetchedAt is null ? null : time.GetUtcNow() - fetchedAt.Value;
        return age is { } a && a <= TimeSpan.FromSeconds(Options.JwksTtlSeconds);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Fetched {Count} signing key(s) from the auth service")]
    private static partial void LogFetched(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "JWKS fetch failed ({Failure}); still serving {Count} cached key(s)")]
    private static partial void LogFetchFailed(ILogger logger, string failure, int count);
}
