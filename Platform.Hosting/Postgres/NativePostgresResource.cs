using Aspire.Hosting.ApplicationModel;

namespace Platform.Hosting.Postgres;

/// <summary>
/// A PostgreSQL server run from the machine's own <c>postgres</c> binary as an Aspire executable
/// resource (no container). Trust authentication on 127.0.0.1 only, so the connection string carries
/// no password.
/// </summary>
public sealed class NativePostgresResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    internal const string PrimaryEndpointName = "tcp";
    public const string UserName = PostgresDataDirectory.Superuser;

    private readonly Dictionary<string, string> _databases = new(StringComparer.OrdinalIgnoreCase);

    public EndpointReference PrimaryEndpoint => field ??= new(this, PrimaryEndpointName);

    // 127.0.0.1, not "localhost": the server listens on IPv4 loopback only.
    public EndpointReferenceExpression Host => PrimaryEndpoint.Property(EndpointProperty.IPV4Host);

    public EndpointReferenceExpression Port => PrimaryEndpoint.Property(EndpointProperty.Port);

    /// <summary>The cluster's data directory; set by <c>WithDataDirectory</c>.</summary>
    public required string DataDirectory { get; set; }

    /// <summary>Resource name → database name of the <c>AddDatabase</c> children.</summary>
    public IReadOnlyDictionary<string, string> Databases => _databases;

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"Host={Host};Port={Port};Username={UserName}");

    internal ReferenceExpression UriExpression => ReferenceExpression.Create($"postgresql://{UserName}@{Host}:{Port}");

    internal ReferenceExpression JdbcExpression => ReferenceExpression.Create($"jdbc:postgresql://{Host}:{Port}");

    internal void AddDatabase(string name, string databaseName) => _databases.TryAdd(name, databaseName);

    // The keys Aspire's PostgreSQL integration exposes, so services see the same variables with or without containers.
    IEnumerable<KeyValuePair<string, ReferenceExpression>> IResourceWithConnectionString.GetConnectionProperties() =>
    [
        new("Host", ReferenceExpression.Create($"{Host}")),
        new("Port", ReferenceExpression.Create($"{Port}")),
        new("Username", ReferenceExpression.Create($"{UserName}")),
        new("Password", ReferenceExpression.Create($"")),
        new("Uri", UriExpression),
        new("JdbcConnectionString", JdbcExpression),
    ];
}
