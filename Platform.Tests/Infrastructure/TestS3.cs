using Platform.Hosting.Storage;

namespace Platform.Tests.Infrastructure;

/// <summary>
/// One s3rver process (with the project's fixes) for the whole test run, started on first use by
/// Platform.Hosting's own launcher. Test classes each get their own bucket on it
/// (<see cref="Integration.Storage.ObjectStoreFixture"/>), so they run in parallel. The server stops
/// and its temporary data directory goes when the test process exits.
/// </summary>
public static class TestS3
{
    private static readonly Lazy<Task<S3Server>> Server = new(
        () => S3Server.StartAsync(new S3ServerOptions { Kind = S3ServerKind.S3rver }),
        LazyThreadSafetyMode.ExecutionAndPublication);

    public static Task<S3Server> GetServerAsync() => Server.Value;

    /// <summary>A bucket name no other test class uses.</summary>
    public static string NewBucketName() => "t" + Guid.NewGuid().ToString("N")[..20];
}
