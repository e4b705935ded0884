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
        if (fields.Length is 5 or 6 && OutOfRange(fields) is { } rangeError)
        {
            error = $"Invalid cron expression '{expression}': {rangeError}";
            return false;
        }

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

    private static readonly (string Name, int Min, int Max)[] UnixFields =
        [("minute", 0, 59), ("hour", 0, 23), ("day-of-month", 1, 31), ("month", 1, 12), ("day-of-week", 0, 7)];

    /// <summary>
    /// Quartz's Unix parser lets some out-of-range numbers through as if they were <c>*</c> (<c>99 * * * *</c> fired
    /// every minute): every number that names a value (not a step after <c>/</c>) must be inside its field's range.
    /// </summary>
    private static string? OutOfRange(string[] fields)
    {
        var ranges = fields.Length == 6 ? [("second", 0, 59), .. UnixFields] : UnixFields;
        for (var i = 0; i < fields.Length; i++)
        {
            var (name, min, max) = ranges[i];
            foreach (var item in fields[i].Split(','))
            {
                foreach (var bound in item.Split('/')[0].Split('-'))
                {
                    var digits = bound.AsSpan();
                    var length = 0;
                    while (length < digits.Length && char.IsAsciiDigit(digits[length]))
                    {
                        length++;
                    }
                    if (length > 0 && (length > 9 || int.Parse(digits[..length], System.Globalization.CultureInfo.InvariantCulture) is var value && (value < min || value > max)))
                    {
                        return $"{name} values must be from {min} to {max}.";
                    }
                }
            }
        }

        return null;
    }
}
