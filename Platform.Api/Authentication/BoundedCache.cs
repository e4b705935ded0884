using System.Collections.Concurrent;

namespace Platform.Api.Authentication;

/// <summary>Size bound shared by the API's in-memory caches of verified credentials.</summary>
internal static class BoundedCache
{
    /// <summary>
    /// Called before adding to a full cache: drops expired entries, and everything if that freed nothing
    /// (a flood of distinct credentials must not grow memory; the cost is one verification each again).
    /// </summary>
    public static void MakeRoom<TValue>(ConcurrentDictionary<string, TValue> entries, int capacity, DateTimeOffset now, Func<TValue, DateTimeOffset> expires)
    {
        if (entries.Count < capacity)
        {
            return;
        }

        foreach (var (key, entry) in entries)
        {
            if (expires(entry) <= now)
            {
                entries.TryRemove(key, out _);
            }
        }

        if (entries.Count >= capacity)
        {
            entries.Clear();
        }
    }
}
