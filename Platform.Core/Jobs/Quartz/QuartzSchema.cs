using Npgsql;

namespace Platform.Core.Jobs.Quartz;

/// <summary>
/// Creates the Quartz tables from the PostgreSQL DDL that ships inside Quartz.dll, so the schema always
/// matches the library version (4.x rejects hand-written 3.x DDL). Every statement is
/// <c>IF NOT EXISTS</c>; an advisory lock keeps api and workers starting together from racing on the catalog.
/// </summary>
public static class QuartzSchema
{
    public const string ResourceName = "Quartz.Impl.AdoJobStore.Schema.create_postgres.sql";

    private const long AdvisoryLockKey = 0x5141_5254_5A00; // "QARTZ"

    public static string LoadScript()
    {
        using var stream = typeof(global::Quartz.IScheduler).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Quartz.dll has no resource {ResourceName}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The script's statements with <c>{0}</c> = prefix with schema and <c>{1}</c> = bare prefix.</summary>
    public static IReadOnlyList<string> Statements(string tablePrefix)
    {
        var (schema, barePrefix) = Split(tablePrefix);
        var script = LoadScript();
        var statements = new List<string> { $"CREATE SCHEMA IF NOT EXISTS \"{schema}\"" };
        foreach (var piece in script.Split("\n--;;", StringSplitOptions.TrimEntries))
        {
            var sql = string.Join('\n', piece.Split('\n').Where(l => !l.TrimStart().StartsWith("--", StringComparison.Ordinal))).Trim();
            if (sql.Length > 0)
            {
                statements.Add(sql.Replace("{0}", tablePrefix, StringComparison.Ordinal).Replace("{1}", barePrefix, StringComparison.Ordinal));
            }
        }
        return statements;
    }

    public static async Task EnsureCreatedAsync(string connectionString, string tablePrefix, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", connection, transaction))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }
        foreach (var sql in Statements(tablePrefix))
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    private static (string Schema, string BarePrefix) Split(string tablePrefix)
    {
        var dot = tablePrefix.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == tablePrefix.Length - 1)
        {
            throw new ArgumentException("Table prefix must be schema.prefix, e.g. quartz.qrtz_.", nameof(tablePrefix));
        }
        return (tablePrefix[..dot], tablePrefix[(dot + 1)..]);
    }

}
