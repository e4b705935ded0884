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
    /// How often a worker checks into the cluster. With the 3 s threshold below a SIGKILLed worker's run is recovered
    /// 5–7 s after the kill (measured; 2 s gave 5.9–8.5 s here, see bench/results/jobs-recovery.md).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:10:00")]
    public TimeSpan CheckinInterval { get; set; } = TimeSpan.FromSeconds(1);

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
