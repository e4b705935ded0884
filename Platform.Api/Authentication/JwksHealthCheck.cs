using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Platform.Api.Authentication;

/// <summary>Degraded, never unhealthy, when the JWKS is stale: JWTs keep validating with the cached keys.</summary>
public sealed class JwksHealthCheck(JwksCache cache) : IHealthCheck
{
    public const string Name = "jwks";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var state = cache.Current;
        if (cache.IsFresh(out var age))
        {
            return Task.FromResult(HealthCheckResult.Healthy($"{state.Keys.Count} key(s), fetched {age!.Value.TotalSeconds:0} s ago"));
        }

        var description = state.FetchedAt is null
            ? $"no signing keys fetched yet ({state.Failure ?? "pending"})"
            : $"stale: {state.Keys.Count} cached key(s) fetched {age!.Value.TotalSeconds:0} s ago; last refresh {state.Failure ?? "pending"}";
        return Task.FromResult(HealthCheckResult.Degraded(description));
    }
}
