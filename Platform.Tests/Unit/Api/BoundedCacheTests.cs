using System.Collections.Concurrent;
using Platform.Api.Authentication;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Unit.Api;

/// <summary>The bound on the API's caches of verified JWTs and API keys: memory stays bounded under a flood.</summary>
[Trait(Category.Name, Category.Unit)]
public sealed class BoundedCacheTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Below_capacity_nothing_is_dropped_not_even_expired_entries()
    {
        var entries = Entries(("expired", Now.AddMinutes(-1)), ("live", Now.AddMinutes(1)));
        BoundedCache.MakeRoom(entries, capacity: 3, Now, e => e);
        Assert.Equal(["expired", "live"], entries.Keys.Order());
    }

    [Fact]
    public void A_full_cache_drops_its_expired_entries_and_keeps_the_live_ones()
    {
        var entries = Entries(("expired", Now.AddMinutes(-1)), ("expires now", Now), ("live", Now.AddMinutes(1)));
        BoundedCache.MakeRoom(entries, capacity: 3, Now, e => e);
        Assert.Equal(["live"], entries.Keys);
    }

    [Fact]
    public void A_full_cache_of_live_entries_is_emptied()
    {
        var entries = Entries(("a", Now.AddMinutes(1)), ("b", Now.AddMinutes(2)));
        BoundedCache.MakeRoom(entries, capacity: 2, Now, e => e);
        Assert.Empty(entries);
    }

    private static ConcurrentDictionary<string, DateTimeOffset> Entries(params (string Key, DateTimeOffset Expires)[] entries) =>
        new(entries.Select(e => KeyValuePair.Create(e.Key, e.Expires)), StringComparer.Ordinal);
}
