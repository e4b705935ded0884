using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Quartz;
using Platform.Core.Data;
using Platform.Core.Jobs.Quartz;
using Platform.Core.Jobs.Runs;
using Platform.Core.Jobs.Schedules;
using Platform.Core.Jobs.Types;
using Platform.Core.Paging;
using Platform.Core.Tenancy;

namespace Platform.Core.Jobs;

/// <summary>
/// Defines and controls jobs: rows in <c>jobs</c> for what users see, and the matching Quartz job and trigger
/// (through a scheduler this process never starts) for what workers run. Every call is scoped to one tenant;
/// another tenant's job is not found.
/// </summary>
public sealed class JobService(PlatformDbContext db, TenantContext tenant, ISchedulerFactory schedulerFactory, ScheduleTranslator schedules, TimeProvider timeProvider)
{
    public const int MaxNameLength = 200;

    public static IReadOnlyList<JobTypeResponse> Types() =>
        [.. JobTypeCatalog.All.Select(t => new JobTypeResponse(t.Name, t.Description, t.PayloadSchema()))];

    public JobOutcome<PreviewScheduleResponse> Preview(JobSchedule? schedule)
    {
        var errors = schedules.Validate(schedule);
        return errors.Count > 0
            ? JobOutcome<PreviewScheduleResponse>.Invalid(errors)
            : JobOutcome<PreviewScheduleResponse>.Ok(new PreviewScheduleResponse(schedules.Preview(schedule!)));
    }

    public async Task<JobOutcome<JobResponse>> CreateAsync(CreateJobRequest request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        ValidateName(request.Name, errors);
        var type = JobTypeCatalog.Find(request.Type);
        JsonObject? payload = null;
        if (type is null)
        {
            errors["type"] = [$"type must be one of: {string.Join(", ", JobTypeCatalog.All.Select(t => t.Name))}."];
        }
        else
        {
            payload = type.Validate(request.Payload, errors);
        }
        foreach (var (field, messages) in schedules.Validate(request.Schedule))
        {
            errors[field] = messages;
        }
        if (errors.Count > 0)
        {
            return JobOutcome<JobResponse>.Invalid(errors);
        }

        var now = Now();
        var job = new JobDefinition
        {
            Id = Guid.CreateVersion7(now),
            TenantId = tenant.TenantId!,
            CreatedBy = tenant.UserId!,
            Name = request.Name!.Trim(),
            Type = type!.Name,
            Schedule = Normalize(request.Schedule!),
            Payload = payload!.ToJsonString(),
            Enabled = request.Enabled ?? true,
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
        };
        db.Set<JobDefinition>().Add(job);
        await db.SaveChangesAsync(cancellationToken);

        try
        {
            var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
            await scheduler.ScheduleJob(
                BuildJobDetail(job),
                schedules.BuildTrigger(job.Schedule, JobData.TriggerKeyFor(job.Id), JobData.JobKeyFor(job.Id)),
                new ScheduleJobOptions { Paused = !job.Enabled },
                cancellationToken);
        }
        catch
        {
            // Keep the two stores in step: a job Quartz would not take is not saved either.
            db.Set<JobDefinition>().Remove(job);
            await db.SaveChangesAsync(CancellationToken.None);
            throw;
        }
        return JobOutcome<JobResponse>.Ok(await ToResponseAsync(job, cancellationToken));
    }

    public async Task<JobOutcome<JobResponse>> GetAsync(Guid id, CancellationToken cancellationToken) =>
        await FindAsync(id, cancellationToken) is { } job
            ? JobOutcome<JobResponse>.Ok(await ToResponseAsync(job, cancellationToken))
            : JobOutcome<JobResponse>.NotFound();

    /// <summary>The tenant's jobs, newest first, after <paramref name="after"/> (from a cursor of <see cref="CursorScope"/>).</summary>
    public async Task<KeysetPage<JobResponse>> ListAsync(int limit, ListPosition? after, CancellationToken cancellationToken)
    {
        var query = db.Set<JobDefinition>().AsNoTracking().Where(j => j.TenantId == tenant.TenantId);
        if (after is { } position)
        {
            query = query.Where(j => EF.Functions.LessThan(
                ValueTuple.Create(j.CreatedAt, j.Id), ValueTuple.Create(position.At, position.Id)));
        }
        var jobs = await query.OrderByDescending(j => j.CreatedAt).ThenByDescending(j => j.Id).Take(limit + 1).ToListAsync(cancellationToken);
        var items = new List<JobResponse>(Math.Min(jobs.Count, limit));
        foreach (var job in jobs.Take(limit))
        {
            items.Add(await ToResponseAsync(job, cancellationToken));
        }
        return new KeysetPage<JobResponse>(items, jobs.Count > limit ? new ListPosition(jobs[limit - 1].CreatedAt, jobs[limit - 1].Id) : null);
    }

    /// <summary>A jobs cursor continues only the job list of the tenant it was issued for.</summary>
    public string CursorScope() => $"jobs|{tenant.TenantId}";

    /// <summary>A runs cursor continues only the run list of the job (and tenant) it was issued for.</summary>
    public string RunsCursorScope(Guid jobId) => $"job-runs|{tenant.TenantId}|{jobId:D}";

    public async Task<JobOutcome<JobResponse>> UpdateAsync(Guid id, UpdateJobRequest request, int? expectedVersion, CancellationToken cancellationToken)
    {
        var job = await FindAsync(id, cancellationToken);
        if (job is null)
        {
            return JobOutcome<JobResponse>.NotFound();
        }
        if (ReadOnly(job))
        {
            return JobOutcome<JobResponse>.Forbidden();
        }
        if (expectedVersion is { } version && version != job.Version)
        {
            return JobOutcome<JobResponse>.PreconditionFailed();
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (request.Name is not null)
        {
            ValidateName(request.Name, errors);
        }
        JsonObject? payload = null;
        if (request.Payload is { ValueKind: not JsonValueKind.Undefined } requested)
        {
            payload = JobTypeCatalog.Find(job.Type)!.Validate(requested, errors);
        }
        if (request.Schedule is not null)
        {
            foreach (var (field, messages) in schedules.Validate(request.Schedule))
            {
                errors[field] = messages;
            }
        }
        if (errors.Count > 0)
        {
            return JobOutcome<JobResponse>.Invalid(errors);
        }

        job.Name = request.Name?.Trim() ?? job.Name;
        job.Payload = payload?.ToJsonString() ?? job.Payload;
        job.Schedule = request.Schedule is null ? job.Schedule : Normalize(request.Schedule);
        job.Enabled = request.Enabled ?? job.Enabled;
        job.UpdatedAt = Now();
        job.Version++;
        await db.SaveChangesAsync(cancellationToken);

        var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
        var jobKey = JobData.JobKeyFor(job.Id);
        if (payload is not null || request.Name is not null)
        {
            await scheduler.AddJob(BuildJobDetail(job), new AddJobOptions { Replace = true, StoreNonDurableWhileAwaitingScheduling = false }, cancellationToken);
        }
        if (request.Schedule is not null)
        {
            var triggerKey = JobData.TriggerKeyFor(job.Id);
            var trigger = schedules.BuildTrigger(job.Schedule, triggerKey, jobKey);
            if (await scheduler.RescheduleJob(triggerKey, trigger, cancellationToken) is null)
            {
                // The old trigger had completed (a once job that ran): schedule the new one.
                await scheduler.ScheduleJob(trigger, default, cancellationToken);
            }
        }
        if (job.Enabled)
        {
            await scheduler.ResumeJob(jobKey, cancellationToken);
        }
        else
        {
            await scheduler.PauseJob(jobKey, cancellationToken);
        }
        return JobOutcome<JobResponse>.Ok(await ToResponseAsync(job, cancellationToken));
    }

    public async Task<JobOutcome<bool>> DeleteAsync(Guid id, int? expectedVersion, CancellationToken cancellationToken)
    {
        var job = await FindAsync(id, cancellationToken);
        if (job is null)
        {
            return JobOutcome<bool>.NotFound();
        }
        if (ReadOnly(job))
        {
            return JobOutcome<bool>.Forbidden();
        }
        if (expectedVersion is { } version && version != job.Version)
        {
            return JobOutcome<bool>.PreconditionFailed();
        }
        var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
        await scheduler.DeleteJob(JobData.JobKeyFor(job.Id), cancellationToken);
        db.Set<JobDefinition>().Remove(job);
        await db.SaveChangesAsync(cancellationToken);
        return JobOutcome<bool>.Ok(true);
    }

    public Task<JobOutcome<JobResponse>> PauseAsync(Guid id, CancellationToken cancellationToken) =>
        SetEnabledAsync(id, enabled: false, cancellationToken);

    public Task<JobOutcome<JobResponse>> ResumeAsync(Guid id, CancellationToken cancellationToken) =>
        SetEnabledAsync(id, enabled: true, cancellationToken);

    /// <summary>Fires the job once now, besides its schedule (also when paused).</summary>
    public async Task<JobOutcome<JobResponse>> RunNowAsync(Guid id, CancellationToken cancellationToken)
    {
        var job = await FindAsync(id, cancellationToken);
        if (job is null)
        {
            return JobOutcome<JobResponse>.NotFound();
        }
        if (ReadOnly(job))
        {
            return JobOutcome<JobResponse>.Forbidden();
        }
        var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
        await scheduler.TriggerJob(JobData.JobKeyFor(job.Id), new JobDataMap(), cancellationToken);
        return JobOutcome<JobResponse>.Ok(await ToResponseAsync(job, cancellationToken));
    }

    /// <summary>The job's runs, newest first, after <paramref name="after"/> (from a cursor of <see cref="RunsCursorScope"/>).</summary>
    public async Task<JobOutcome<KeysetPage<JobRunResponse>>> ListRunsAsync(Guid id, int limit, ListPosition? after, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, cancellationToken) is null)
        {
            return JobOutcome<KeysetPage<JobRunResponse>>.NotFound();
        }
        var query = db.Set<JobRun>().AsNoTracking().Where(r => r.JobId == id);
        if (after is { } position)
        {
            query = query.Where(r => EF.Functions.LessThan(
                ValueTuple.Create(r.StartedAt, r.Id), ValueTuple.Create(position.At, position.Id)));
        }
        var runs = await query.OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id).Take(limit + 1).ToListAsync(cancellationToken);
        var items = runs.Take(limit).Select(JobRunResponse.From).ToList();
        var next = runs.Count > limit ? new ListPosition(runs[limit - 1].StartedAt, runs[limit - 1].Id) : (ListPosition?)null;
        return JobOutcome<KeysetPage<JobRunResponse>>.Ok(new KeysetPage<JobRunResponse>(items, next));
    }

    private async Task<JobOutcome<JobResponse>> SetEnabledAsync(Guid id, bool enabled, CancellationToken cancellationToken)
    {
        var job = await FindAsync(id, cancellationToken);
        if (job is null)
        {
            return JobOutcome<JobResponse>.NotFound();
        }
        if (ReadOnly(job))
        {
            return JobOutcome<JobResponse>.Forbidden();
        }
        var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
        if (enabled)
        {
            await scheduler.ResumeJob(JobData.JobKeyFor(job.Id), cancellationToken);
        }
        else
        {
            await scheduler.PauseJob(JobData.JobKeyFor(job.Id), cancellationToken);
        }
        if (job.Enabled != enabled)
        {
            job.Enabled = enabled;
            job.UpdatedAt = Now();
            job.Version++;
            await db.SaveChangesAsync(cancellationToken);
        }
        return JobOutcome<JobResponse>.Ok(await ToResponseAsync(job, cancellationToken));
    }

    private Task<JobDefinition?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<JobDefinition>().SingleOrDefaultAsync(j => j.Id == id && j.TenantId == tenant.TenantId, cancellationToken);

    /// <summary>Found, but the caller may only read it (an org member who did not create it).</summary>
    private bool ReadOnly(JobDefinition job) => !tenant.CanModify(job.CreatedBy);

    private async Task<JobResponse> ToResponseAsync(JobDefinition job, CancellationToken cancellationToken)
    {
        IReadOnlyList<DateTimeOffset> nextRuns = [];
        if (job.Enabled)
        {
            var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
            if (await scheduler.GetTrigger(JobData.TriggerKeyFor(job.Id), cancellationToken) is { } trigger)
            {
                nextRuns = trigger.NextFireTimeUtc is { } next
                    ? ScheduleTranslator.NextRuns(trigger, next)
                    : [];
            }
        }
        return new JobResponse(
            job.Id, job.Name, job.Type, job.Schedule, JsonNode.Parse(job.Payload), job.Enabled, job.CreatedBy, job.CreatedAt, job.UpdatedAt, nextRuns)
        {
            ETag = ETagFor(job.Version),
        };
    }

    public static string ETagFor(int version) => $"\"{version}\"";

    private static IJobDetail BuildJobDetail(JobDefinition job) =>
        JobBuilder.Create()
            .OfType(JobTypeCatalog.Find(job.Type)!.JobClass)
            .WithIdentity(JobData.JobKeyFor(job.Id))
            .WithDescription(job.Name)
            // Durable: a once job's detail outlives its trigger, so run-now still works.
            .StoreDurably(true)
            // A fire lost with its worker is run again by another cluster member.
            .RequestRecovery(true)
            .DisallowConcurrentExecution(true)
            .UsingJobData(new JobData(job.Id, job.TenantId, job.CreatedBy, job.Type, job.Payload, Activity.Current?.Id).ToMap())
            .Build();

    private static JobSchedule Normalize(JobSchedule schedule) => schedule.Kind switch
    {
        ScheduleKinds.Cron => new JobSchedule { Kind = schedule.Kind, Cron = schedule.Cron!.Trim(), TimeZone = string.IsNullOrWhiteSpace(schedule.TimeZone) ? "UTC" : schedule.TimeZone },
        ScheduleKinds.Interval => new JobSchedule { Kind = schedule.Kind, IntervalSeconds = schedule.IntervalSeconds },
        _ => new JobSchedule { Kind = schedule.Kind, RunAt = schedule.RunAt!.Value.ToUniversalTime() },
    };

    private static void ValidateName(string? name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > MaxNameLength)
        {
            errors["name"] = [$"name is required, 1 to {MaxNameLength} characters."];
        }
        else if (name.Contains('\0', StringComparison.Ordinal))
        {
            errors["name"] = ["name must not contain NUL characters."];
        }
    }

    // PostgreSQL keeps microseconds; round now so responses show what is stored.
    private DateTimeOffset Now()
    {
        var now = timeProvider.GetUtcNow();
        return new DateTimeOffset(now.UtcTicks - (now.UtcTicks % 10), TimeSpan.Zero);
    }
}
