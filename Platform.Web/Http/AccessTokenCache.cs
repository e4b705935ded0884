using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;
using Platform.Web.Accounts;

namespace Platform.Web.Http;

/// <summary>
/// JWTs for the API, one per auth session, fetched from auth's <c>GET /api/auth/token</c> and kept until
/// 60 s before they expire. Keyed by a hash of the session token so the token itself is not a cache key.
/// </summary>
public sealed class AccessTokenCache(IMemoryCache cache, IServiceProvider services)
{
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromSeconds(60);

    public async Task<string> GetAsync(string sessionToken, CancellationToken cancellationToken)
    {
        var key = Key(sessionToken);
        if (cache.TryGetValue(key, out string? jwt) && jwt is not null)
        {
            return jwt;
        }

        // AuthClient is a typed (transient) client; resolve it per fetch rather than holding one.
        var auth = services.GetRequiredService<AuthClient>();
        var result = await auth.GetAccessTokenAsync(sessionToken, cancellationToken);
        if (!result.Succeeded)
        {
            throw new HttpRequestException($"auth did not issue an access token: {result.Problem.Message}");
        }

        Store(sessionToken, result.Value.AccessToken, result.Value.ExpiresIn);
        return result.Value.AccessToken;
    }

    public void Store(string sessionToken, string accessToken, int expiresInSeconds)
    {
        var lifetime = TimeSpan.FromSeconds(expiresInSeconds) - RefreshMargin;
        if (lifetime > TimeSpan.Zero)
        {
            cache.Set(Key(sessionToken), accessToken, lifetime);
        }
    }

    /// <summary>Called when the session changes (organization switched) or ends.</summary>
    public void Invalidate(string sessionToken) => cache.Remove(Key(sessionToken));

    private static string Key(string sessionToken) =>
        "jwt:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sessionToken)));
}
