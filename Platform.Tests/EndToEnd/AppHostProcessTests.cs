using System.Text.RegularExpressions;
using Platform.Hosting.Aspire;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.EndToEnd;

/// <summary>
/// Real AppHost processes on the launch profile's fixed ports: one at a time, after every parallel test,
/// never beside a developer run (a busy port fails the start with that explanation).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AppHostProcessCollection
{
    public const string Name = "AppHost process";
}

/// <summary>
/// <c>dotnet run --project Platform.AppHost</c> stopped the ways a developer's run ends: SIGTERM (a terminal's
/// stop), SIGKILL of the AppHost, SIGKILL of everything (a crash). Nothing may outlive it, and the next run
/// must start on the same data.
/// </summary>
[Trait(Category.Name, Category.EndToEnd)]
[Collection(AppHostProcessCollection.Name)]
public sealed class AppHostProcessTests : IDisposable
{
    /// <summary>DCP stops each resource with SIGTERM and kills it after a grace period; measured here: ~15 s for the stack.</summary>
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(45);

    private readonly TemporaryDataDirectory _data = new();

    [Fact]
    public async Task Stopping_the_AppHost_by_SIGTERM_or_SIGKILL_leaves_no_process_and_the_next_run_has_the_data()
    {
        var email = StackUser.NewEmail();
        string taskId;
        await using (var first = await AppHostProcess.StartAsync(_data.Path))
        {
            AssertWholeStack(first.RecordProcesses());
            using var user = await StackUser.SignUpAsync(email);
            taskId = await user.CreateTaskAsync("Written before the AppHost restarts");

            var survivors = await first.TerminateAsync(StopTimeout);
            Assert.True(survivors.Count == 0, "Alive after SIGTERM: " + string.Join("; ", survivors));
        }

        await using var second = await AppHostProcess.StartAsync(_data.Path);
        using (var user = await StackUser.SignInAsync(email))
        {
            Assert.Contains(taskId, await user.ListTaskIdsAsync());
        }
        AssertWholeStack(second.RecordProcesses());

        AppHostProcess.Kill(second.AppHostPid);

        // DCP watches the AppHost's PID (--monitor) and stops what it started once it is gone.
        var orphans = await second.SurvivorsAfterAsync(StopTimeout);
        Assert.True(orphans.Count == 0, "Alive after the AppHost was killed: " + string.Join("; ", orphans));
    }

    [Fact]
    public async Task After_every_process_is_killed_the_next_run_starts_cleanly_on_the_same_data()
    {
        var email = StackUser.NewEmail();
        string taskId;
        await using (var crashed = await AppHostProcess.StartAsync(_data.Path))
        {
            using (var user = await StackUser.SignUpAsync(email))
            {
                taskId = await user.CreateTaskAsync("Acknowledged before the crash");
            }
            // A crash: AppHost, DCP, postgres and the services all get SIGKILL at once, so nobody cleans up.
            foreach (var pid in crashed.RecordProcesses().Keys)
            {
                AppHostProcess.Kill(pid);
            }
            Assert.Empty(await crashed.SurvivorsAfterAsync(TimeSpan.FromSeconds(15)));
        }
        Assert.True(File.Exists(Path.Combine(_data.Path, "postgres", "postmaster.pid")), "The killed postmaster left no postmaster.pid: the crash was not one.");

        // Starting checks that every port is free, then waits for every service's /health.
        await using var next = await AppHostProcess.StartAsync(_data.Path);
        using (var user = await StackUser.SignInAsync(email))
        {
            Assert.Contains(taskId, await user.ListTaskIdsAsync());
        }
        Assert.Empty(await next.TerminateAsync(StopTimeout));
    }

    public void Dispose() => _data.Dispose();

    /// <summary>What a developer run consists of, by command line.</summary>
    internal static readonly IReadOnlyDictionary<string, Regex> StackRoles = new Dictionary<string, Regex>
    {
        ["AppHost"] = new(@"/Platform\.AppHost/bin/"),
        ["DCP API server"] = new(@"/dcp start-apiserver"),
        ["DCP controllers"] = new(@"/dcp run-controllers"),
        ["dashboard"] = new(@"/Aspire\.Dashboard(\s|$)"),
        ["postgres"] = new(@"postgres -D "),
        ["storage"] = new(@"s3rver\.js|minio server"),
        ["auth"] = new(@"/Platform\.Auth(\s|$)"),
        ["api"] = new(@"/Platform\.Api(\s|$)"),
        ["worker"] = new(@"/Platform\.Worker(\s|$)"),
        ["web"] = new(@"/Platform\.Web(\s|$)"),
    };

    /// <summary>The tracked tree holds every part of the stack, so "no survivor" means something.</summary>
    internal static void AssertWholeStack(IReadOnlyDictionary<int, string> processes) =>
        Assert.All(StackRoles, role => Assert.True(processes.Values.Any(role.Value.IsMatch),
            $"No {role.Key} process among: {string.Join("; ", processes.Select(p => $"{p.Key} {p.Value}"))}"));
}

/// <summary>A short temporary folder for a run's data (PostgreSQL's socket path beside it must stay under 107 bytes).</summary>
internal sealed class TemporaryDataDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "pah-" + Guid.NewGuid().ToString("N")[..8])).FullName;

    public void Dispose() => PlatformDataRoot.DeleteQuietly(Path);
}
