using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Core.Jobs.Runs;
using Platform.Core.Jobs.Schedules;

namespace Platform.Core.Jobs;

/// <summary><c>POST /api/jobs</c>.</summary>
public sealed record CreateJobRequest(string? Name, string? Type, JobSchedule? Schedule, JsonElement? Payload, bool? Enabled);

/// <summary><c>PATCH /api/jobs/{id}</c>: only the fields present change.</summary>
public sealed record UpdateJobRequest(string? Name, JobSchedule? Schedule, JsonElement? Payload, bool? Enabled);

/// <summary><c>POST /api/jobs/preview</c>.</summary>
public sealed record PreviewScheduleRequest(JobSchedule? Schedule);

public sealed record PreviewScheduleResponse(IReadOnlyList<DateTimeOffset> NextRuns);

public sealed record JobResponse(
    Guid Id,
    string Name,
    string Type,
    JobSchedule Schedule,
    JsonNode? Payload,
    bool Enabled,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<DateTimeOffset> NextRuns)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public string ETag { get; init; } = "";
}

public sealed record JobRunResponse(
    Guid Id,
    Guid JobId,
    string Status,
    int Attempt,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    long? DurationMs,
    string? Error,
    string? Output,
    string WorkerInstance,
    string? TraceId)
{
    public static JobRunResponse From(JobRun run) => new(
        run.Id, run.JobId, run.Status, run.Attempt, run.StartedAt, run.FinishedAt, run.DurationMs, run.Error, run.Output, run.WorkerInstance, run.TraceId);
}

public sealed record JobTypeResponse(string Name, string Description, JsonObject PayloadSchema);

public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>What a JobService call came to; endpoints map it to HTTP once.</summary>
public enum JobOutcomeKind
{
    Ok,
    NotFound,
    Forbidden,
    Invalid,
    PreconditionFailed,
}

[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1000", Justification = "Factory methods read best on the result type.")]
public sealed record JobOutcome<T>(JobOutcomeKind Kind, T? Value, IDictionary<string, string[]>? Errors = null)
{
    public static JobOutcome<T> Ok(T value) => new(JobOutcomeKind.Ok, value);

    public static JobOutcome<T> NotFound() => new(JobOutcomeKind.NotFound, default);

    public static JobOutcome<T> Forbidden() => new(JobOutcomeKind.Forbidden, default);

    public static JobOutcome<T> Invalid(IDictionary<string, string[]> errors) => new(JobOutcomeKind.Invalid, default, errors);

    public static JobOutcome<T> PreconditionFailed() => new(JobOutcomeKind.PreconditionFailed, default);
}
