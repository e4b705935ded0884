using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Platform.Core.Jobs.Runs;

/// <summary>One execution of a job (table <c>job_runs</c>), written by <see cref="JobRunRecorder"/>.</summary>
public sealed class JobRun
{
    public Guid Id { get; set; }

    public Guid JobId { get; set; }

    public string Status { get; set; } = RunStatus.Running;

    public int Attempt { get; set; } = 1;

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public long? DurationMs { get; set; }

    public string? Error { get; set; }

    /// <summary>A short summary of what the run produced (e.g. the export's object key).</summary>
    public string? Output { get; set; }

    public string WorkerInstance { get; set; } = "";

    /// <summary>The Quartz fire instance, so the listener finds its row again.</summary>
    public string FireInstanceId { get; set; } = "";

    public DateTimeOffset? ScheduledAt { get; set; }

    public string? TraceId { get; set; }
}

public static class RunStatus
{
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";

    /// <summary>The error of a run whose worker died under it (DESIGN §6).</summary>
    public const string WorkerLost = "worker lost";
}

public sealed class JobRunConfiguration : IEntityTypeConfiguration<JobRun>
{
    public void Configure(EntityTypeBuilder<JobRun> builder)
    {
        builder.ToTable("job_runs");
        builder.HasKey(r => r.Id).HasName("pk_job_runs");
        builder.Property(r => r.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(r => r.JobId).HasColumnName("job_id");
        builder.Property(r => r.Status).HasColumnName("status").HasMaxLength(20).IsRequired();
        builder.Property(r => r.Attempt).HasColumnName("attempt");
        builder.Property(r => r.StartedAt).HasColumnName("started_at");
        builder.Property(r => r.FinishedAt).HasColumnName("finished_at");
        builder.Property(r => r.DurationMs).HasColumnName("duration_ms");
        builder.Property(r => r.Error).HasColumnName("error");
        builder.Property(r => r.Output).HasColumnName("output");
        builder.Property(r => r.WorkerInstance).HasColumnName("worker_instance").HasMaxLength(200).IsRequired();
        builder.Property(r => r.FireInstanceId).HasColumnName("fire_instance_id").HasMaxLength(200).IsRequired();
        builder.Property(r => r.ScheduledAt).HasColumnName("scheduled_at");
        builder.Property(r => r.TraceId).HasColumnName("trace_id").HasMaxLength(32);
        builder.HasOne<JobDefinition>().WithMany().HasForeignKey(r => r.JobId).OnDelete(DeleteBehavior.Cascade).HasConstraintName("fk_job_runs_jobs");
        builder.HasIndex(r => new { r.JobId, r.StartedAt, r.Id }).HasDatabaseName("ix_job_runs_job_started");
        builder.HasIndex(r => new { r.JobId, r.Status }).HasDatabaseName("ix_job_runs_job_status");
    }
}
