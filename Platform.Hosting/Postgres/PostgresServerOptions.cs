namespace Platform.Hosting.Postgres;

public sealed class PostgresServerOptions
{
    /// <summary>The cluster's data directory; initialised on first start when empty.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>TCP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Server binaries; null finds them (PATH, then the newest /usr/lib/postgresql/*/bin).</summary>
    public string? BinDirectory { get; init; }

    /// <summary>
    /// False for throwaway test clusters: fsync and synchronous commit off. A developer's data stays durable.
    /// </summary>
    public bool Durable { get; init; } = true;

    public int MaxConnections { get; init; } = 200;

    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
