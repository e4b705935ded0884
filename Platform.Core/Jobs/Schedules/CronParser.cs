using Quartz;

namespace Platform.Core.Jobs.Schedules;

/// <summary>
/// Reads cron as users write it: 5-field Unix crontab (Quartz's own <see cref="CronFormat.Unix"/>, so
/// day-of-week 0-7 and names, both day fields may be <c>*</c>), or the same with a seconds field first.
/// The 6-field form keeps Unix meaning for the other five fields (so <c>0 0 9 * * 1-5</c> is Monday to
/// Friday, not Quartz's Sunday to Thursday): they are parsed as Unix, and the seconds field is put in front
/// of Quartz's normalized form.
/// </summary>
public static class CronParser
{
    public static bool TryParse(string? expression, out CronExpression? cron, out string error)
    {
        cron = null;
        error = "";
        if (string.IsNullOrWhiteSpace(expression))
        {
            error = "A cron expression is required.";
            return false;
        }

        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        try
        {
            switch (fields.Length)
            {
                case 5:
                    cron = CronExpression.Parse(string.Join(' ', fields), CronFormat.Unix);
                    return true;
                case 6:
                    var unix = CronExpression.Parse(string.Join(' ', fields[1..]), CronFormat.Unix);
                    var normalized = unix.CronExpressionString.Split(' ');
                    normalized[0] = fields[0];
                    cron = CronExpression.Parse(string.Join(' ', normalized), CronFormat.Quartz);
                    return true;
                default:
                    error = $"A cron expression has 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first; '{expression}' has {fields.Length}.";
                    return false;
            }
        }
        catch (FormatException ex)
        {
            error = $"Invalid cron expression '{expression}': {ex.Message}";
            return false;
        }
    }
}
