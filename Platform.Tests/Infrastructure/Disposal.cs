namespace Platform.Tests.Infrastructure;

public static class Disposal
{
    /// <summary>How long a test host may take to stop before its fixture reports a hang.</summary>
    public static readonly TimeSpan HostStopLimit = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Disposes <paramref name="resource"/>, failing the fixture with a clear message when it does not finish within
    /// <see cref="HostStopLimit"/>, instead of hanging the whole test run.
    /// </summary>
    public static async Task DisposeWithinLimitAsync(this IAsyncDisposable resource, string what)
    {
        try
        {
            await resource.DisposeAsync().AsTask().WaitAsync(HostStopLimit);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{what} did not stop within {HostStopLimit.TotalSeconds:0} s.", e);
        }
    }
}
