using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Platform.Core.Jobs;
using Platform.Core.Jobs.Schedules;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Unit.Jobs;

[Trait(Category.Name, Category.Unit)]
public sealed class ScheduleTranslatorTests
{
    // Thursday, 30 s past midnight.
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 30, TimeSpan.Zero);

    private static ScheduleTranslator Translator(int minIntervalSeconds = 5) =>
        new(Options.Create(new JobsOptions { MinIntervalSeconds = minIntervalSeconds }), new FakeTimeProvider(Now));

    public static TheoryData<string, string?, string, string> CronTable => new()
    {
        { "*/5 * * * *", null, "2026-01-01T00:05:00Z", "2026-01-01T00:10:00Z" },
        { "0 9 * * 1-5", null, "2026-01-01T09:00:00Z", "2026-01-02T09:00:00Z" },
        { "0 0 1 * *", null, "2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z" },
        { "30 2 * * SUN", null, "2026-01-04T02:30:00Z", "2026-01-11T02:30:00Z" },
        { "0 0 * * 0", null, "2026-01-04T00:00:00Z", "2026-01-11T00:00:00Z" },
        { "0 0 * * 7", null, "2026-01-04T00:00:00Z", "2026-01-11T00:00:00Z" },
        { "0 12 * * MON-FRI", null, "2026-01-01T12:00:00Z", "2026-01-02T12:00:00Z" },
        { "0 0 1 JAN *", null, "2027-01-01T00:00:00Z", "2028-01-01T00:00:00Z" },
        { "15,45 * * * *", null, "2026-01-01T00:15:00Z", "2026-01-01T00:45:00Z" },
        { "0 */2 * * *", null, "2026-01-01T02:00:00Z", "2026-01-01T04:00:00Z" },
        { "0 0 L * *", null, "2026-01-31T00:00:00Z", "2026-02-28T00:00:00Z" },
        { "0 0 * * 6,0", null, "2026-01-03T00:00:00Z", "2026-01-04T00:00:00Z" },
        { "0 8-10 * * *", null, "2026-01-01T08:00:00Z", "2026-01-01T09:00:00Z" },
        { "0 0 */10 * *", null, "2026-01-11T00:00:00Z", "2026-01-21T00:00:00Z" },
        // Both day fields restricted: Unix cron fires when either matches (Friday the 2nd, then the 9th...).
        { "0 0 13 * 5", null, "2026-01-02T00:00:00Z", "2026-01-09T00:00:00Z" },
        { "5 4 * * sun", null, "2026-01-04T04:05:00Z", "2026-01-11T04:05:00Z" },
        { "0 9 * * *", "Europe/Paris", "2026-01-01T08:00:00Z", "2026-01-02T08:00:00Z" },
        { "0 9 * * *", "America/New_York", "2026-01-01T14:00:00Z", "2026-01-02T14:00:00Z" },
        // 6 fields: seconds first, the other five read as Unix cron (1-5 is Monday to Friday).
        // A slot equal to "now" is included: the trigger starts now, and Quartz fires it.
        { "*/10 * * * * *", null, "2026-01-01T00:00:30Z", "2026-01-01T00:00:40Z" },
        { "0 0 9 * * 1-5", null, "2026-01-01T09:00:00Z", "2026-01-02T09:00:00Z" },
        { "15 0 12 * * *", null, "2026-01-01T12:00:15Z", "2026-01-02T12:00:15Z" },
    };

    [Theory]
    [MemberData(nameof(CronTable))]
    public void Cron_expressions_preview_their_known_next_fire_times(string cron, string? timeZone, string first, string second)
    {
        var schedule = new JobSchedule { Kind = ScheduleKinds.Cron, Cron = cron, TimeZone = timeZone };
        var translator = Translator();

        Assert.Empty(translator.Validate(schedule));
        var runs = translator.Preview(schedule);

        Assert.Equal(ScheduleTranslator.PreviewCount, runs.Count);
        Assert.Equal(DateTimeOffset.Parse(first, System.Globalization.CultureInfo.InvariantCulture), runs[0]);
        Assert.Equal(DateTimeOffset.Parse(second, System.Globalization.CultureInfo.InvariantCulture), runs[1]);
        Assert.True(runs.Zip(runs.Skip(1)).All(pair => pair.First < pair.Second));
    }

    [Theory]
    [InlineData("* * *")]
    [InlineData("61 * * * *")]
    [InlineData("* * * * 8")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("0 25 * * *")]
    [InlineData("* * * * * * * *")]
    [InlineData("every day")]
    [InlineData("0 0 30 2 *")]
    // Numbers outside their field's range (Quartz's Unix parser read these as '*': every minute, every day...).
    [InlineData("99 * * * *")]
    [InlineData("0 0 99 * *")]
    [InlineData("0 0 0 * *")]
    [InlineData("0 0 1 13 *")]
    [InlineData("0 0 * * 1-9")]
    [InlineData("0 5-24 * * *")]
    [InlineData("0,60 * * * *")]
    [InlineData("99 0 0 * * *")]
    [InlineData("0 0 0 32W * *")]
    public void Invalid_cron_expressions_are_errors_on_the_cron_field(string cron)
    {
        var errors = Translator().Validate(new JobSchedule { Kind = ScheduleKinds.Cron, Cron = cron });

        var message = Assert.Single(Assert.Contains("schedule.cron", errors));
        Assert.False(string.IsNullOrWhiteSpace(message));
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("America")] // a tzdata folder, not a zone: reading it failed with SecurityException (a 500)
    [InlineData("Etc")]
    [InlineData("../../etc/passwd")]
    public void An_unknown_time_zone_is_an_error_on_the_time_zone_field(string timeZone)
    {
        var errors = Translator().Validate(new JobSchedule { Kind = ScheduleKinds.Cron, Cron = "0 9 * * *", TimeZone = timeZone });
        Assert.Contains("schedule.timeZone", errors.Keys);
    }

    [Fact]
    public void An_interval_previews_every_interval_from_now()
    {
        var runs = Translator().Preview(new JobSchedule { Kind = ScheduleKinds.Interval, IntervalSeconds = 60 });
        Assert.Equal([Now.AddMinutes(1), Now.AddMinutes(2), Now.AddMinutes(3), Now.AddMinutes(4), Now.AddMinutes(5)], runs);
    }

    [Theory]
    [InlineData(4, 5)]
    [InlineData(0, 5)]
    [InlineData(-1, 5)]
    [InlineData(29, 30)]
    public void An_interval_below_the_configured_minimum_is_rejected(int seconds, int minimum)
    {
        var errors = Translator(minimum).Validate(new JobSchedule { Kind = ScheduleKinds.Interval, IntervalSeconds = seconds });
        Assert.Contains("schedule.intervalSeconds", errors.Keys);
    }

    [Fact]
    public void Once_previews_its_single_run_and_must_be_in_the_future()
    {
        var translator = Translator();
        var future = new JobSchedule { Kind = ScheduleKinds.Once, RunAt = Now.AddHours(1) };
        Assert.Empty(translator.Validate(future));
        Assert.Equal([Now.AddHours(1)], translator.Preview(future));

        Assert.Contains("schedule.runAt", translator.Validate(new JobSchedule { Kind = ScheduleKinds.Once, RunAt = Now.AddSeconds(-1) }).Keys);
        Assert.Contains("schedule.runAt", translator.Validate(new JobSchedule { Kind = ScheduleKinds.Once }).Keys);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("weekly")]
    [InlineData("CRON")]
    public void An_unknown_kind_is_an_error_on_the_kind_field(string? kind)
    {
        Assert.Contains("schedule.kind", Translator().Validate(new JobSchedule { Kind = kind }).Keys);
    }
}
