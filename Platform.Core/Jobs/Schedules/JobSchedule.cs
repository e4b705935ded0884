namespace Platform.Core.Jobs.Schedules;

/// <summary>When a job runs (DESIGN §5): <c>{kind: cron|interval|once, cron?, timeZone?, intervalSeconds?, runAt?}</c>.</summary>
public sealed record JobSchedule
{
    public string? Kind { get; init; }

    /// <summary>5-field Unix cron (minute hour day-of-month month day-of-week) or 6 fields with seconds first.</summary>
    public string? Cron { get; init; }

    /// <summary>IANA time zone the cron expression is read in; default UTC.</summary>
    public string? TimeZone { get; init; }

    public int? IntervalSeconds { get; init; }

    public DateTimeOffset? RunAt { get; init; }
}

public static class ScheduleKinds
{
    public const string Cron = "cron";
    public const string Interval = "interval";
    public const string Once = "once";

    public static readonly IReadOnlyList<string> All = [Cron, Interval, Once];
}
