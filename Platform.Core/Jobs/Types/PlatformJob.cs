using System.Diagnostics;
using Quartz;
using Platform.Core.Jobs.Quartz;
using Platform.Core.Jobs.Runs;

namespace Platform.Core.Jobs.Types;

/// <summary>
/// Base of every job type: reads the platform job's data and payload, runs the body inside the run's span,
/// and stores the body's summary as the run's output. Job types must be idempotent: a run lost with its
/// worker is run again elsewhere.
/// </summary>
public abstract class PlatformJob<TPayload>(JobRunTracker tracker) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var data = JobData.From(context.MergedJobDataMap);
        var previous = Activity.Current;
        var run = tracker.Get(context.FireInstanceId);
        CurrentRunId = run?.RunId;
        if (run?.Activity is { } activity)
        {
            Activity.Current = activity;
        }
        try
        {
            context.Result = await RunAsync(data, data.Payload<TPayload>(), cancellationToken);
        }
        catch (Exception ex) when (run is not null && ex is not OperationCanceledException)
        {
            run.Error = ex.Message;
            throw;
        }
        finally
        {
            Activity.Current = previous;
        }
    }

    /// <summary>The <c>job_runs</c> id of the run in progress (null if it could not be recorded).</summary>
    protected Guid? CurrentRunId { get; private set; }

    /// <summary>Does the work; returns a short summary recorded as the run's output.</summary>
    protected abstract Task<string?> RunAsync(JobData job, TPayload payload, CancellationToken cancellationToken);
}
