using System.ComponentModel.DataAnnotations;

namespace Platform.Api.RateLimiting;

/// <summary>The per-client-IP limit (<c>RateLimiting</c> section): a sliding window.</summary>
public sealed class RateLimitingOptions
{
    public const string Section = "RateLimiting";

    [Range(1, 1_000_000)]
    public int PermitLimit { get; set; } = 100;

    [Range(1, 86_400)]
    public int WindowSeconds { get; set; } = 60;

    [Range(1, 600)]
    public int SegmentsPerWindow { get; set; } = 6;
}
