namespace Platform.Tests.Infrastructure;

/// <summary>
/// The system clock plus an offset a test can move forward (<see cref="Advance"/>). Unlike a frozen
/// <c>FakeTimeProvider</c>, its timers and delays are real: an app host that uses it for cache lifetimes still has
/// working HTTP retry delays, resilience timeouts and shutdown waits, so it can always stop.
/// </summary>
public sealed class ShiftableClock(TimeSpan initialOffset = default) : TimeProvider
{
    private long _offsetTicks = initialOffset.Ticks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;

    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        Interlocked.Add(ref _offsetTicks, by.Ticks);
    }
}
