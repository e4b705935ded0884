using Quartz;
using Platform.Core.Jobs.Quartz;
using Platform.Core.Jobs.Runs;

namespace Platform.Core.Jobs.Types;

/// <summary><c>noop {durationMs, fail}</c>: waits, then succeeds or fails on request — for operations and tests.</summary>
[DisallowConcurrentExecution]
public sealed class NoopJob(JobRunTracker tracker, TimeProvider timeProvider) : PlatformJob<NoopJob.Payload>(tracker)
{
    public const string TypeName = "noop";

    public static readonly JobTypeDescriptor Descriptor = new(
        TypeName,
        "Waits durationMs, then succeeds, or fails when fail is true. For operations and tests.",
        typeof(NoopJob),
        [
            new IntegerField("durationMs", "How long the run takes, in milliseconds.", 0, 3_600_000, DefaultValue: 0),
            new BooleanField("fail", "Fail the run with an error after waiting.", DefaultValue: false),
        ]);

    public sealed record Payload(int DurationMs, bool Fail);

    protected override async Task<string?> RunAsync(JobData job, Payload payload, CancellationToken cancellationToken)
    {
        if (payload.DurationMs > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(payload.DurationMs), timeProvider, cancellationToken);
        }
        if (payload.Fail)
        {
            throw new NoopFailedException($"noop failed as requested after {payload.DurationMs} ms");
        }
        return $"waited {payload.DurationMs} ms";
    }
}

public sealed class NoopFailedException(string message) : Exception(message);
