namespace Platform.Tests.Infrastructure;

/// <summary>A fresh, empty database on the run's shared test server for one test class; dropped afterwards.</summary>
public sealed class PostgresDatabaseFixture : IAsyncLifetime
{
    public string DatabaseName { get; } = "t_" + Guid.NewGuid().ToString("N");

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var server = await TestPostgres.GetServerAsync();
        await server.CreateDatabaseAsync(DatabaseName);
        ConnectionString = server.GetConnectionString(DatabaseName);
    }

    /// <summary>Another fresh database on the same server, for tests that need two (e.g. authdb and platformdb).</summary>
    public async Task<string> CreateSiblingDatabaseAsync(string suffix)
    {
        var server = await TestPostgres.GetServerAsync();
        var name = $"{DatabaseName}_{suffix}";
        await server.CreateDatabaseAsync(name);
        return server.GetConnectionString(name);
    }

    public async Task DisposeAsync()
    {
        var server = await TestPostgres.GetServerAsync();
        await server.DropDatabaseAsync(DatabaseName);
    }
}
