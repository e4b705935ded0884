using System.Runtime.CompilerServices;
using Aspire.Hosting;
using Microsoft.Extensions.Configuration;

namespace Platform.Hosting.Aspire;

/// <summary>
/// Where the native resources keep their data: <c>.platform/data/NAME</c> at the repository root in a
/// developer run (or under <c>Platform:DataDirectory</c>), a temporary folder (deleted when the AppHost
/// process exits) in an ephemeral run.
/// </summary>
public static class PlatformDataRoot
{
    /// <summary>Forces (true) or forbids (false) ephemeral data; unset, the testing builder's random ports decide.</summary>
    public const string EphemeralKey = "Platform:EphemeralData";

    /// <summary>The developer run's data root instead of <c>.platform/data</c> (relative to the AppHost's folder).</summary>
    public const string DataDirectoryKey = "Platform:DataDirectory";

    // One root per app: two testing-builder apps in one process (parallel test classes) must never share a
    // PostgreSQL data directory, or one's start-up clean-up stops the other's server.
    private static readonly ConditionalWeakTable<IDistributedApplicationBuilder, string> EphemeralRoots = [];

    /// <summary>
    /// True under <c>DistributedApplicationTestingBuilder</c> (it randomizes ports: DESIGN §9 pairs random
    /// ports with ephemeral data) or when <see cref="EphemeralKey"/> says so.
    /// </summary>
    public static bool IsEphemeral(IDistributedApplicationBuilder builder) =>
        builder.Configuration.GetValue<bool?>(EphemeralKey)
        ?? builder.Configuration.GetValue<bool>("DcpPublisher:RandomizePorts");

    public static string DataDirectory(IDistributedApplicationBuilder builder, string name) =>
        IsEphemeral(builder)
            ? Path.Combine(EphemeralRoots.GetValue(builder, _ => CreateEphemeralRoot()), name)
            : builder.Configuration[DataDirectoryKey] is { Length: > 0 } root
                ? Path.Combine(Path.GetFullPath(root, builder.AppHostDirectory), name)
                : Path.Combine(RepositoryRoot(builder.AppHostDirectory), ".platform", "data", name);

    /// <summary>The folder holding Platform.sln above the AppHost, else the AppHost's own folder.</summary>
    public static string RepositoryRoot(string appHostDirectory)
    {
        for (var directory = new DirectoryInfo(appHostDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Platform.sln")))
            {
                return directory.FullName;
            }
        }
        return appHostDirectory;
    }

    private static string CreateEphemeralRoot()
    {
        // Short: PostgreSQL's socket path beside the data directory must stay under 107 bytes.
        var root = Path.Combine(Path.GetTempPath(), "platform-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        // By then the orchestrator has stopped the servers (the testing builder waits for resource clean-up).
        AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteQuietly(root);
        return root;
    }

    internal static void DeleteQuietly(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temporary folder is not worth failing an exit for.
        }
    }
}
