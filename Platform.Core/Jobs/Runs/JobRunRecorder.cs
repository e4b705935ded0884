using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Quartz;
using Quartz.Extensibility;
using Platform.Core.Jobs.Quartz;

namespace Platform.Core.Jobs.Runs;

/// <summary>
/// Quartz job listener that records every run of a platform job in <c>job_runs</c>, opens its span and
/// counts it. A failure to record never fails the job: it is logged and the run goes on.
/// </summary>
public sealed partial class JobRunRecorder(
    JobRunStore store,
    JobRunTracker tracker,
    JobTelemetry telemetry,
    TimeProvider timeProvider,
    WorkerIdentity worker,
    ILogger<JobRunRecorder> logger) : IJobListener
{
    public string Name => nameof(JobRunRecorder);

    public async ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        if (!JobData.TryGetJobId(context.JobDetail.Key, out var jobId))
        {
            return;
        }

        var data = JobData.From(context.MergedJobDataMap);
        var links = ActivityContext.TryParse(data.TraceParent, null, out var parent) ? new[] { new ActivityLink(parent) } : null;
        var activity = JobTelemetry.ActivitySource.StartActivity($"job {data.Type}", ActivityKind.Consumer, parentContext: default, links: links);
        activity?.SetTag("job.id", jobId.ToString());
        activity?.SetTag("job.type", data.Type);
        activity?.SetTag("job.fire_instance_id", context.FireInstanceId);
        activity?.SetTag("job.recovering", context.Recovering);
        activity?.SetTag("service.instance.id", worker.Instance);

        var now = timeProvider.GetUtcNow();
        var run = new JobRun
        {
            Id = Guid.CreateVersion7(now),
            JobId = jobId,
            StartedAt = now,
            WorkerInstance = worker.Instance,
            FireInstanceId = context.FireInstanceId,
            ScheduledAt = context.ScheduledFireTimeUtc,
            TraceId = activity?.TraceId.ToHexString(),
        };
        tracker.Add(context.FireInstanceId, new TrackedRun(run.Id, jobId, data.Type, activity, timeProvider.GetTimestamp()));

        var tags = new TagList { { "job.type", data.Type } };
        telemetry.Runs.Add(1, tags);
        if (context.ScheduledFireTimeUtc is { } scheduled)
        {
            telemetry.FireLag.Record(Math.Max(0, (context.FireTimeUtc - scheduled).TotalSeconds), tags);
        }

        try
        {
            var attempt = await store.StartAsync(run, context.Recovering, now, cancellationToken);
            activity?.SetTag("job.attempt", attempt);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRecordFailed(logger, ex, jobId);
        }
    }

    public async ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
    {
        if (tracker.Remove(context.FireInstanceId) is not { } run)
        {
            return;
        }

        var elapsed = timeProvider.GetElapsedTime(run.StartTimestamp);
        var failed = jobException is not null || context.Outcome is ExecutionOutcome.Failed or ExecutionOutcome.Cancelled;
        var error = failed ? run.Error ?? ErrorMessage(jobException, context.Outcome) : null;
        var tags = new TagList { { "job.type", run.Type } };
        telemetry.Duration.Record(elapsed.TotalSeconds, tags);
        if (failed)
        {
            telemetry.Failures.Add(1, tags);
            run.Activity?.SetStatus(ActivityStatusCode.Error, error);
        }
        run.Activity?.Dispose();

        try
        {
            await store.FinishAsync(
                run.RunId,
                failed ? RunStatus.Failed : RunStatus.Succeeded,
                timeProvider.GetUtcNow(),
                (long)elapsed.TotalMilliseconds,
                error,
                context.Result as string,
                CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogRecordFailed(logger, ex, run.JobId);
        }
    }

    public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        tracker.Remove(context.FireInstanceId)?.Activity?.Dispose();
        return ValueTask.CompletedTask;
    }

    public ValueTask JobProgressChanged(IJobExecutionContext context, FireInstanceProgress progress, CancellationToken cancellationToken = default) =>
        ValueTask.CompletedTask;

    private static string ErrorMessage(JobExecutionException? exception, ExecutionOutcome outcome)
    {
        Exception? root = exception;
        // Quartz wraps what the job threw; the user wants the job's own message.
        while (root is JobExecutionException { InnerException: { } inner })
        {
            root = inner;
        }
        if (root is null)
        {
            return outcome == ExecutionOutcome.Cancelled ? "cancelled" : "failed";
        }
        return root is OperationCanceledException ? "cancelled" : root.Message;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record a run of job {JobId}")]
    private static partial void LogRecordFailed(ILogger logger, Exception exception, Guid jobId);
}

/// <summary>This process's name in run history and spans.</summary>
public sealed record WorkerIdentity(string Instance);
