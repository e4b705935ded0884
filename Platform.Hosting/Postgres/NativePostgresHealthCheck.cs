using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Platform.Hosting.Postgres;

/// <summary>Healthy when a connection to the database opens and answers <c>SELECT 1</c>.</summary>
internal sealed class NativePostgresHealthCheck(Func<CancellationToken, ValueTask<string?>> connectionString) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            if (await connectionString(cancellationToken) is not { } value)
            {
                return HealthCheckResult.Unhealthy("The connection string is not available yet.");
            }
            // No pool: a pooled connection would outlive a server restart and hide it.
            var builder = new NpgsqlConnectionStringBuilder(value) { Pooling = false, Timeout = 3 };
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, e.Message, e);
        }
    }
}
