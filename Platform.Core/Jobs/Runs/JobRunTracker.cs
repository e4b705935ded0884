using System.Collections.Concurrent;
using System.Diagnostics;

namespace Platform.Core.Jobs.Runs;

/// <summary>The runs this process is executing, by Quartz fire instance id: the listener opens and closes them,
/// the job body finds its span here (a listener's Activity.Current does not flow into the job).</summary>
public sealed class JobRunTracker
{
    private readonly ConcurrentDictionary<string, TrackedRun> _runs = new(StringComparer.Ordinal);

    public void Add(string fireInstanceId, TrackedRun run) => _runs[fireInstanceId] = run;

    public TrackedRun? Get(string fireInstanceId) => _runs.TryGetValue(fireInstanceId, out var run) ? run : null;

    public TrackedRun? Remove(string fireInstanceId) => _runs.TryRemove(fireInstanceId, out var run) ? run : null;

    public int Count => _runs.Count;
}

public sealed record TrackedRun(Guid RunId, Guid JobId, string Type, Activity? Activity, long StartTimestamp)
{
    /// <summary>What the job body threw, as the job wrote it (Quartz hands listeners a wrapper).</summary>
    public string? Error { get; set; }
}
