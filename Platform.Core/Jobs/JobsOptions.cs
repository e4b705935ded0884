using System.ComponentModel.DataAnnotations;

namespace Platform.Core.Jobs;

/// <summary>Knobs for the jobs feature, bound from the <c>Jobs</c> configuration section.</summary>
public sealed class JobsOptions
{
    public const string SectionName = "Jobs";

    /// <summary>Quartz scheduler name; api and workers must agree, it partitions the Quartz tables.</summary>
    [Required]
    public string SchedulerName { get; set; } = "platform";

    /// <summary>Table prefix including the schema; the schema is created from it.</summary>
    [Required, RegularExpression("^[a-z_][a-z0-9_]*\\.[a-z_][a-z0-9_]*$")]
    public string TablePrefix { get; set; } = "quartz.qrtz_";

    /// <summary>Shortest interval schedule accepted.</summary>
    [Range(1, 86_400)]
    public int MinIntervalSeconds { get; set; } = 5;

    /// <summary>
    /// How often a worker checks into the cluster. Quartz 4.7 recovers a dead node's run of a job that disallows
    /// concurrent execution only once the node's last check-in is 2 × interval + threshold old, noticed at a survivor's
    /// next check-in: 3.5–4.5 s after a SIGKILL with 0.5 s / 3 s (1 s gave 4–6 s and 2 s 5–9 s; measured in
    /// bench/results/jobs-recovery.md). One small UPDATE per interval per worker.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:10:00")]
    public TimeSpan CheckinInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How late a check-in may be before the node is declared dead; kept at 3 s so a GC pause or a slow
    /// database does not convict a live worker (its jobs would then run twice).</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:10:00")]
    public TimeSpan CheckinMisfireThreshold { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How long an idle worker waits before polling for triggers (Quartz's default of 30 s makes new jobs wait).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")] // Quartz refuses less than 1 s
    public TimeSpan IdleWaitTime { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Jobs a worker runs at the same time.</summary>
    [Range(1, 256)]
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>How long a stopping worker lets running jobs finish before it leaves them to be recovered elsewhere.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>This process's name in run history; default: <c>service.instance.id</c> from OTEL_RESOURCE_ATTRIBUTES, else machine and pid.</summary>
    public string? WorkerInstance { get; set; }
}
