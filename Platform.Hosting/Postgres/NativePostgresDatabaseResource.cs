using System.Data.Common;
using Aspire.Hosting.ApplicationModel;

namespace Platform.Hosting.Postgres;

/// <summary>
/// A database on a <see cref="NativePostgresResource"/>: created once the server is ready, with a state
/// that follows the server's so that <c>WaitFor(database)</c> works.
/// </summary>
public sealed class NativePostgresDatabaseResource(string name, string databaseName, NativePostgresResource parent)
    : Resource(name), IResourceWithParent<NativePostgresResource>, IResourceWithConnectionString
{
    public NativePostgresResource Parent { get; } = parent;

    public string DatabaseName { get; } = databaseName;

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{Parent};{new DbConnectionStringBuilder { ["Database"] = DatabaseName }.ConnectionString}");

    IEnumerable<KeyValuePair<string, ReferenceExpression>> IResourceWithConnectionString.GetConnectionProperties() =>
        ((IResourceWithConnectionString)Parent).GetConnectionProperties()
            .Where(p => p.Key is not ("Uri" or "JdbcConnectionString"))
            .Concat([
                new("DatabaseName", ReferenceExpression.Create($"{DatabaseName}")),
                new("Uri", ReferenceExpression.Create($"{Parent.UriExpression}/{DatabaseName:uri}")),
                new("JdbcConnectionString", ReferenceExpression.Create($"{Parent.JdbcExpression}/{DatabaseName:uri}")),
            ]);
}
