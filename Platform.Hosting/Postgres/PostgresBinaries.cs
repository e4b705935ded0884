namespace Platform.Hosting.Postgres;

/// <summary>Where the PostgreSQL server programs (<c>initdb</c>, <c>postgres</c>, <c>pg_ctl</c>) live on this machine.</summary>
public sealed record PostgresBinaries(string BinDirectory)
{
    public const string InstallHint = "Install PostgreSQL's server binaries: apt-get install -y postgresql";

    private static readonly string[] Required = ["initdb", "postgres", "pg_ctl"];

    public string InitDb => Path.Combine(BinDirectory, "initdb");
    public string Postgres => Path.Combine(BinDirectory, "postgres");
    public string PgCtl => Path.Combine(BinDirectory, "pg_ctl");

    /// <summary>
    /// An explicit directory when given; otherwise <c>PATH</c>, then the newest <c>/usr/lib/postgresql/*/bin</c>
    /// (Debian keeps the server programs off <c>PATH</c>).
    /// </summary>
    public static PostgresBinaries Locate(string? binDirectory = null)
    {
        if (!string.IsNullOrWhiteSpace(binDirectory))
        {
            return HasAll(binDirectory)
                ? new PostgresBinaries(binDirectory)
                : throw new PostgresBinariesNotFoundException($"No PostgreSQL server binaries in '{binDirectory}'. {InstallHint}");
        }

        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(DebianBinDirectories());
        foreach (var directory in candidates)
        {
            if (HasAll(directory))
            {
                return new PostgresBinaries(directory);
            }
        }

        throw new PostgresBinariesNotFoundException($"PostgreSQL server binaries (initdb, postgres, pg_ctl) were not found on PATH or under /usr/lib/postgresql. {InstallHint}");
    }

    private static IEnumerable<string> DebianBinDirectories()
    {
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root))
        {
            return [];
        }
        return Directory.GetDirectories(root)
            .Select(d => (Dir: d, Version: decimal.TryParse(Path.GetFileName(d), System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : -1))
            .OrderByDescending(d => d.Version)
            .Select(d => Path.Combine(d.Dir, "bin"));
    }

    private static bool HasAll(string directory) => Required.All(name => File.Exists(Path.Combine(directory, name)));
}

public sealed class PostgresBinariesNotFoundException(string message) : InvalidOperationException(message);
