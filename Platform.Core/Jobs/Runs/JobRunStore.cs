using Npgsql;

namespace Platform.Core.Jobs.Runs;

/// <summary>
/// Writes <c>job_runs</c> rows with plain SQL: the listener runs on every fire, on Quartz's threads, in the
/// API's and workers' processes alike, and should not need a DbContext scope for two statements.
/// </summary>
public sealed class JobRunStore(NpgsqlDataSource dataSource)
{
    /// <summary>Inserts the running row. When Quartz is recovering a lost fire, the job's running rows are first closed
    /// as <c>failed: worker lost</c> and the new row is the next attempt.</summary>
    public async Task<int> StartAsync(JobRun run, bool recovering, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var attempt = 1;
        if (recovering)
        {
            await using var lost = new NpgsqlCommand(
                """
                UPDATE job_runs
                SET status = 'failed', error = @error, finished_at = @now,
                    duration_ms = (extract(epoch FROM (@now - started_at)) * 1000)::bigint
                WHERE job_id = @jobId AND status = 'running'
                RETURNING attempt
                """, connection, transaction);
            lost.Parameters.AddWithValue("error", RunStatus.WorkerLost);
            lost.Parameters.AddWithValue("now", now);
            lost.Parameters.AddWithValue("jobId", run.JobId);
            attempt = 2;
            await using var reader = await lost.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                attempt = Math.Max(attempt, reader.GetInt32(0) + 1);
            }
        }

        run.Attempt = attempt;
        await using (var insert = new NpgsqlCommand(
            """
            INSERT INTO job_runs (id, job_id, status, attempt, started_at, worker_instance, fire_instance_id, scheduled_at, trace_id)
            SELECT @id, @jobId, 'running', @attempt, @startedAt, @worker, @fire, @scheduledAt, @traceId
            WHERE EXISTS (SELECT 1 FROM jobs WHERE id = @jobId)
            """, connection, transaction))
        {
            insert.Parameters.AddWithValue("id", run.Id);
            insert.Parameters.AddWithValue("jobId", run.JobId);
            insert.Parameters.AddWithValue("attempt", attempt);
            insert.Parameters.AddWithValue("startedAt", run.StartedAt);
            insert.Parameters.AddWithValue("worker", run.WorkerInstance);
            insert.Parameters.AddWithValue("fire", run.FireInstanceId);
            insert.Parameters.AddWithValue("scheduledAt", (object?)run.ScheduledAt ?? DBNull.Value);
            insert.Parameters.AddWithValue("traceId", (object?)run.TraceId ?? DBNull.Value);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return attempt;
    }

    public async Task FinishAsync(Guid runId, string status, DateTimeOffset finishedAt, long durationMs, string? error, string? output, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            UPDATE job_runs
            SET status = @status, finished_at = @finishedAt, duration_ms = @duration, error = @error, output = @output
            WHERE id = @id
            """);
        command.Parameters.AddWithValue("id", runId);
        command.Parameters.AddWithValue("status", status);
        command.Parameters.AddWithValue("finishedAt", finishedAt);
        command.Parameters.AddWithValue("duration", durationMs);
        command.Parameters.AddWithValue("error", (object?)error ?? DBNull.Value);
        command.Parameters.AddWithValue("output", (object?)output ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
