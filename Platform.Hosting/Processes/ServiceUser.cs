using System.Diagnostics;

namespace Platform.Hosting.Processes;

/// <summary>
/// PostgreSQL refuses to run as root, so when this process is root its programs run as the
/// <c>postgres</c> account through <c>setpriv</c> (which execs in place: no extra parent process).
/// </summary>
public static class ServiceUser
{
    public const string PostgresAccount = "postgres";

    public static bool IsRoot { get; } = OperatingSystem.IsLinux() && EffectiveUserId() == "0";

    /// <summary>The program and arguments to run <paramref name="program"/> as the service account.</summary>
    public static (string FileName, IReadOnlyList<string> Arguments) Wrap(string program, IEnumerable<string> arguments)
    {
        if (!IsRoot)
        {
            return (program, arguments.ToList());
        }
        List<string> wrapped = [$"--reuid={PostgresAccount}", $"--regid={PostgresAccount}", "--init-groups", "--", program, .. arguments];
        return ("setpriv", wrapped);
    }

    /// <summary>Gives a directory tree to the service account when running as root.</summary>
    public static async Task GiveOwnershipAsync(string path, CancellationToken cancellationToken)
    {
        if (!IsRoot)
        {
            return;
        }
        var result = await ProcessRunner.RunAsync("chown", ["-R", $"{PostgresAccount}:{PostgresAccount}", path], cancellationToken);
        result.EnsureSuccess("chown");
    }

    // "Uid:\treal\teffective\tsaved\tfs" — no P/Invoke needed for one number.
    private static string? EffectiveUserId() =>
        File.ReadLines("/proc/self/status")
            .FirstOrDefault(line => line.StartsWith("Uid:", StringComparison.Ordinal))?
            .Split('\t', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(2);
}

internal static class ProcessStartInfoExtensions
{
    public static ProcessStartInfo WithArguments(this ProcessStartInfo info, IEnumerable<string> arguments)
    {
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        return info;
    }
}
