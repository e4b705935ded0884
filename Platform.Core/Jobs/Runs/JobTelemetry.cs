using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Platform.Core.Jobs.Runs;

/// <summary>The span per run (ActivitySource <c>Platform.Worker.Jobs</c>) and the jobs metrics (Meter <c>Platform.Jobs</c>).</summary>
public sealed class JobTelemetry : IDisposable
{
    public const string ActivitySourceName = "Platform.Worker.Jobs";
    public const string MeterName = "Platform.Jobs";

    public static readonly ActivitySource ActivitySource = new(ActivitySourceName);

    private readonly Meter _meter;

    public JobTelemetry(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        Runs = _meter.CreateCounter<long>("platform.jobs.runs", "{run}", "Job runs started.");
        Failures = _meter.CreateCounter<long>("platform.jobs.failures", "{run}", "Job runs that failed.");
        Duration = _meter.CreateHistogram<double>("platform.jobs.duration", "s", "How long job runs took.");
        FireLag = _meter.CreateHistogram<double>("platform.jobs.fire_lag", "s", "Delay between a run's scheduled and actual fire time.");
    }

    public Counter<long> Runs { get; }

    public Counter<long> Failures { get; }

    public Histogram<double> Duration { get; }

    public Histogram<double> FireLag { get; }

    public void Dispose() => _meter.Dispose();
}
