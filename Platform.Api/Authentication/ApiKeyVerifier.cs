using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Platform.Api.Authentication;

public sealed record ApiKeyRateLimit(int MaxRequests, int WindowSeconds);

/// <summary>What <c>/internal/api-keys/verify</c> says about a live key.</summary>
public sealed record VerifiedApiKey(
    Guid Id, Guid UserId, Guid? OrganizationId, Dictionary<string, string[]>? Permissions,
    ApiKeyRateLimit? RateLimit, DateTimeOffset? ExpiresAt);

public enum ApiKeyStatus
{
    Valid,
    Invalid,
    /// <summary>The auth service could not be asked and nothing is cached: answer 503, not 401.</summary>
    Unavailable,
}

public sealed record ApiKeyVerification(ApiKeyStatus Status, VerifiedApiKey? Key = null);

/// <summary>
/// Verifies <c>X-API-Key</c> values with the auth service. Answers are cached by the key's SHA-256 (never the
/// key itself): valid ones for <see cref="ApiAuthOptions.ApiKeyValidCacheSeconds"/> (so a revoked key stops
/// within that), invalid ones briefly. Every call is bounded by <see cref="ApiAuthOptions.CallTimeoutSeconds"/>.
/// </summary>
public sealed partial class ApiKeyVerifier(
    IHttpClientFactory clients, IOptions<ApiAuthOptions> options, TimeProvider time, ILogger<ApiKeyVerifier> logger)
{
    public const string VerifyPath = "/internal/api-keys/verify";
    public const string InternalTokenHeader = "X-Internal-Token";
    private const int MaxCachedEntries = 50_000;

    private readonly ConcurrentDictionary<string, (ApiKeyVerification Result, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);

    public async Task<ApiKeyVerification> VerifyAsync(string key, CancellationToken cancellationToken)
    {
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(hash, out var cached) && cached.Until > now)
        {
            return cached.Result;
        }

        var result = await AskAuthAsync(key, cancellationToken);
        if (result.Status == ApiKeyStatus.Unavailable)
        {
            return result;
        }

        var ttl = TimeSpan.FromSeconds(result.Status == ApiKeyStatus.Valid
            ? options.Value.ApiKeyValidCacheSeconds
            : options.Value.ApiKeyInvalidCacheSeconds);
        var until = now + ttl;
        if (result.Key?.ExpiresAt is { } expiresAt && expiresAt < until)
        {
            until = expiresAt;
        }

        BoundedCache.MakeRoom(_cache, MaxCachedEntries, now, e => e.Until);
        _cache[hash] = (result, until);
        return result;
    }

    private async Task<ApiKeyVerification> AskAuthAsync(string key, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.CallTimeoutSeconds));
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(options.Value.ServiceUrl, VerifyPath))
            {
                Content = JsonContent.Create(new { key }),
            };
            request.Headers.TryAddWithoutValidation(InternalTokenHeader, options.Value.InternalToken ?? "");
            using var response = await clients.CreateClient(JwksCache.HttpClientName).SendAsync(request, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                // 401 here means the internal token is wrong: a deployment fault, not the caller's.
                LogVerifyRejected(logger, (int)response.StatusCode);
                return new ApiKeyVerification(ApiKeyStatus.Unavailable);
            }

            var body = await response.Content.ReadFromJsonAsync<VerifyResponse>(timeout.Token);
            if (body is { Valid: true, Key: { } verified }
                && (verified.ExpiresAt is null || verified.ExpiresAt > time.GetUtcNow()))
            {
                return new ApiKeyVerification(ApiKeyStatus.Valid, verified);
            }

            return new ApiKeyVerification(ApiKeyStatus.Invalid);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogAuthUnreachable(logger, e is OperationCanceledException ? "timed out" : e.GetType().Name);
            return new ApiKeyVerification(ApiKeyStatus.Unavailable);
        }
    }

    private sealed record VerifyResponse(bool Valid, VerifiedApiKey? Key, string? Reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The auth service refused API key verification with {StatusCode}; check Auth:InternalToken")]
    private static partial void LogVerifyRejected(ILogger logger, int statusCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "API key verification unavailable: auth service {Failure}")]
    private static partial void LogAuthUnreachable(ILogger logger, string failure);
}
