using Microsoft.Extensions.Options;
using Quartz;

namespace Platform.Core.Jobs.Schedules;

/// <summary>
/// Turns a <see cref="JobSchedule"/> into a Quartz trigger and previews its fire times with that same trigger,
/// so <c>nextRuns</c> is exactly what the scheduler will do.
/// Misfire instructions, chosen per kind (they also decide what <c>resume</c> does with slots missed while paused):
/// <list type="bullet">
/// <item>cron → <c>DoNothing</c>: a missed slot is skipped and the job runs at the next one, so nothing bursts after a pause or an outage.</item>
/// <item>interval → <c>NextWithRemainingCount</c>: missed repetitions are skipped, the job continues on its interval grid.</item>
/// <item>once → <c>FireNow</c>: a one-off missed while no worker ran still runs as soon as one does.</item>
/// </list>
/// </summary>
public sealed class ScheduleTranslator(IOptions<JobsOptions> options, TimeProvider timeProvider)
{
    public const int PreviewCount = 5;
    private const string Field = "schedule";
    private static readonly int MaxIntervalSeconds = (int)TimeSpan.FromDays(366).TotalSeconds;

    /// <summary>Field errors (keys like <c>schedule.cron</c>), empty when the schedule is usable.</summary>
    public Dictionary<string, string[]> Validate(JobSchedule? schedule)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (schedule is null)
        {
            errors[Field] = ["A schedule is required."];
            return errors;
        }

        switch (schedule.Kind)
        {
            case ScheduleKinds.Cron:
                if (!CronParser.TryParse(schedule.Cron, out var cron, out var cronError))
                {
                    errors[$"{Field}.cron"] = [cronError];
                }
                if (!TryFindTimeZone(schedule.TimeZone, out var zone))
                {
                    errors[$"{Field}.timeZone"] = [$"'{schedule.TimeZone}' is not an IANA time zone (e.g. Europe/Paris, UTC)."];
                }
                else if (cron is not null && cron.WithTimeZone(zone).GetNextValidTimeAfter(timeProvider.GetUtcNow()) is null)
                {
                    errors[$"{Field}.cron"] = [$"The cron expression '{schedule.Cron}' never fires."];
                }
                break;
            case ScheduleKinds.Interval:
                var min = options.Value.MinIntervalSeconds;
                if (schedule.IntervalSeconds is not { } seconds)
                {
                    errors[$"{Field}.intervalSeconds"] = ["intervalSeconds is required for an interval schedule."];
                }
                else if (seconds < min || seconds > MaxIntervalSeconds)
                {
                    errors[$"{Field}.intervalSeconds"] = [$"intervalSeconds must be between {min} and {MaxIntervalSeconds}."];
                }
                break;
            case ScheduleKinds.Once:
                if (schedule.RunAt is not { } runAt)
                {
                    errors[$"{Field}.runAt"] = ["runAt is required for a once schedule."];
                }
                else if (runAt <= timeProvider.GetUtcNow())
                {
                    errors[$"{Field}.runAt"] = ["runAt must be in the future."];
                }
                break;
            default:
                errors[$"{Field}.kind"] = [$"kind must be one of: {string.Join(", ", ScheduleKinds.All)}."];
                break;
        }
        return errors;
    }

    /// <summary>The trigger for a validated schedule.</summary>
    public ITrigger BuildTrigger(JobSchedule schedule, TriggerKey triggerKey, JobKey jobKey)
    {
        var now = timeProvider.GetUtcNow();
        var builder = TriggerBuilder.Create(timeProvider).WithIdentity(triggerKey).ForJob(jobKey);
        switch (schedule.Kind)
        {
            case ScheduleKinds.Cron:
                if (!CronParser.TryParse(schedule.Cron, out var cron, out var error) || !TryFindTimeZone(schedule.TimeZone, out var zone))
                {
                    throw new ArgumentException($"Invalid cron schedule: {error}", nameof(schedule));
                }
                return builder
                    .WithSchedule(CronScheduleBuilder.Create(cron!.WithTimeZone(zone))
                        .InTimeZone(zone)
                        .WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing))
                    .StartAt(now)
                    .Build();
            case ScheduleKinds.Interval:
                var interval = TimeSpan.FromSeconds(schedule.IntervalSeconds!.Value);
                return builder
                    .WithSchedule(SimpleScheduleBuilder.Create()
                        .WithInterval(interval)
                        .RepeatForever()
                        .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount))
                    .StartAt(now + interval)
                    .Build();
            case ScheduleKinds.Once:
                return builder
                    .WithSchedule(SimpleScheduleBuilder.Create()
                        .WithRepeatCount(0)
                        .WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
                    .StartAt(schedule.RunAt!.Value)
                    .Build();
            default:
                throw new ArgumentException($"Unknown schedule kind '{schedule.Kind}'.", nameof(schedule));
        }
    }

    /// <summary>The next fire times of a schedule, computed by the trigger Quartz would store.</summary>
    public IReadOnlyList<DateTimeOffset> Preview(JobSchedule schedule, int count = PreviewCount) =>
        NextRuns(BuildTrigger(schedule, new TriggerKey("preview"), new JobKey("preview")), timeProvider.GetUtcNow(), count);

    public static IReadOnlyList<DateTimeOffset> NextRuns(ITrigger trigger, DateTimeOffset after, int count = PreviewCount)
    {
        var runs = new List<DateTimeOffset>(count);
        // The first fire may be exactly 'after' (StartAt now); look from just before it.
        DateTimeOffset? next = trigger.GetFireTimeAfter(after.AddTicks(-1));
        while (next is { } time && runs.Count < count)
        {
            runs.Add(time);
            next = trigger.GetFireTimeAfter(time);
        }
        return runs;
    }

    public static bool TryFindTimeZone(string? id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrWhiteSpace(id))
        {
            return true;
        }
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (TimeZoneNotFoundException)
        {
            return false;
        }
        catch (InvalidTimeZoneException)
        {
            return false;
        }
        catch (Exception e) when (e is System.Security.SecurityException or UnauthorizedAccessException or IOException)
        {
            // An id naming a tzdata folder ("America", "Etc") or something unreadable: not a time zone either.
            return false;
        }
    }
}
