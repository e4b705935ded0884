using System.Text.Json;

namespace Platform.Web.Jobs;

public static class ScheduleKinds
{
    public const string Cron = "cron";
    public const string Interval = "interval";
    public const string Once = "once";
}

/// <summary><c>{kind: cron|interval|once, cron?, timeZone?, intervalSeconds?, runAt?}</c> (DESIGN §5).</summary>
public sealed record JobScheduleDto(string Kind, string? Cron = null, string? TimeZone = null, int? IntervalSeconds = null, DateTimeOffset? RunAt = null)
{
    public string Describe() => Kind switch
    {
        ScheduleKinds.Cron => $"cron {Cron}{(string.IsNullOrEmpty(TimeZone) ? "" : $" ({TimeZone})")}",
        ScheduleKinds.Interval => $"every {IntervalSeconds} s",
        ScheduleKinds.Once => $"once at {RunAt:yyyy-MM-dd HH:mm} UTC",
        _ => Kind,
    };
}

public sealed record JobItem(
    string Id,
    string Name,
    string Type,
    JobScheduleDto? Schedule,
    bool? Enabled,
    string? State,
    List<DateTimeOffset>? NextRuns,
    List<DateTimeOffset>? NextFireTimes,
    DateTimeOffset? NextRunAt,
    DateTimeOffset? CreatedAt,
    JsonElement? Payload)
{
    public IReadOnlyList<DateTimeOffset> Upcoming => NextRuns ?? NextFireTimes ?? (NextRunAt is { } at ? [at] : []);

    public bool Paused => Enabled == false || string.Equals(State, "paused", StringComparison.OrdinalIgnoreCase);
}

public sealed record JobTypeInfo(string Name, string? Description);

public sealed record CreateJobRequest(string Name, string Type, JobScheduleDto Schedule, JsonElement? Payload, bool Enabled);

public sealed record JobRunItem(
    string Id,
    string Status,
    int? Attempt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    long? DurationMs,
    string? Error,
    string? WorkerInstance);
