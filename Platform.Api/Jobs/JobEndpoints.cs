using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Api.Authorization;
using Platform.Api.Http;
using Platform.Core.Jobs;
using Platform.Core.Paging;

namespace Platform.Api.Jobs;

/// <summary>Jobs API (DESIGN §5): define, control and inspect scheduled jobs of the caller's tenant.</summary>
public static class JobEndpoints
{
    private const string ReadPolicy = Permissions.JobsRead;
    private const string WritePolicy = Permissions.JobsWrite;
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    public static IEndpointRouteBuilder MapJobApi(this IEndpointRouteBuilder app)
    {
        var jobs = app.MapGroup("/api/jobs").WithTags("Jobs");

        jobs.MapGet("/types", () => TypedResults.Ok(JobService.Types())).WithName("ListJobTypes").RequireAuthorization(ReadPolicy)
            .WithSummary("The job types and the JSON Schema of each one's payload.");
        jobs.MapPost("/preview", PreviewAsync).WithName("PreviewSchedule").RequireAuthorization(ReadPolicy)
            .Accepts<PreviewScheduleRequest>("application/json")
            .WithSummary("The next 5 fire times of a schedule, computed by Quartz, without saving anything.");
        jobs.MapGet("/", ListAsync).WithName("ListJobs").RequireAuthorization(ReadPolicy)
            .WithSummary("The tenant's jobs, newest first (keyset pagination).");
        jobs.MapPost("/", CreateAsync).WithName("CreateJob").RequireAuthorization(WritePolicy)
            .Accepts<CreateJobRequest>("application/json")
            .WithSummary("Create a job; the response shows its next 5 fire times.");
        jobs.MapGet("/{id:guid}", GetAsync).WithName("GetJob").RequireAuthorization(ReadPolicy);
        jobs.MapPatch("/{id:guid}", UpdateAsync).WithName("UpdateJob").RequireAuthorization(WritePolicy)
            .Accepts<UpdateJobRequest>("application/json", "application/merge-patch+json")
            .WithSummary("Change the fields sent. If-Match with a stale ETag answers 412.");
        jobs.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteJob").RequireAuthorization(WritePolicy)
            .WithSummary("Delete a job, its Quartz job and trigger, and its run history.");
        jobs.MapPost("/{id:guid}/pause", (Guid id, HttpContext http, JobService service, CancellationToken ct) =>
            ControlAsync(http, () => service.PauseAsync(id, ct))).WithName("PauseJob").RequireAuthorization(WritePolicy);
        jobs.MapPost("/{id:guid}/resume", (Guid id, HttpContext http, JobService service, CancellationToken ct) =>
            ControlAsync(http, () => service.ResumeAsync(id, ct))).WithName("ResumeJob").RequireAuthorization(WritePolicy);
        jobs.MapPost("/{id:guid}/run", RunAsync).WithName("RunJob").RequireAuthorization(WritePolicy)
            .WithSummary("Fire the job once now, besides its schedule; the run appears in its runs.");
        jobs.MapGet("/{id:guid}/runs", ListRunsAsync).WithName("ListJobRuns").RequireAuthorization(ReadPolicy)
            .WithSummary("The job's runs, newest first (keyset pagination).");
        return app;
    }

    private static async Task<Results<Ok<PreviewScheduleResponse>, ValidationProblem>> PreviewAsync(
        HttpContext http, JobService service, CancellationToken cancellationToken)
    {
        using var body = await JobRequests.ReadAsync(http.Request, cancellationToken);
        var request = body.Errors.Count == 0 ? JobRequests.ToPreview(body) : null;
        if (request is null || body.Errors.Count > 0)
        {
            return TypedResults.ValidationProblem(body.Errors);
        }
        var outcome = service.Preview(request.Schedule);
        return outcome.Kind == JobOutcomeKind.Ok ? TypedResults.Ok(outcome.Value!) : TypedResults.ValidationProblem(outcome.Errors!);
    }

    private static async Task<Results<Ok<Page<JobResponse>>, ValidationProblem>> ListAsync(
        string? limit, string? cursor, JobService service, ListCursor cursors, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var pageSize = ParseLimit(limit, errors);
        var scope = service.CursorScope();
        var after = cursors.DecodeOrAddError(cursor, scope, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var page = await service.ListAsync(pageSize, after, cancellationToken);
        return TypedResults.Ok(new Page<JobResponse>(page.Items, page.Next is { } next ? cursors.Encode(next, scope) : null));
    }

    private static async Task<Results<Created<JobResponse>, ValidationProblem>> CreateAsync(
        HttpContext http, JobService service, CancellationToken cancellationToken)
    {
        using var body = await JobRequests.ReadAsync(http.Request, cancellationToken);
        var request = body.Errors.Count == 0 ? JobRequests.ToCreate(body) : null;
        if (request is null || body.Errors.Count > 0)
        {
            return TypedResults.ValidationProblem(body.Errors);
        }
        var outcome = await service.CreateAsync(request, cancellationToken);
        if (outcome.Kind != JobOutcomeKind.Ok)
        {
            return TypedResults.ValidationProblem(outcome.Errors!);
        }
        http.Response.Headers.ETag = outcome.Value!.ETag;
        return TypedResults.Created($"/api/jobs/{outcome.Value.Id}", outcome.Value);
    }

    private static async Task<Results<Ok<JobResponse>, NotFound>> GetAsync(Guid id, HttpContext http, JobService service, CancellationToken cancellationToken)
    {
        var outcome = await service.GetAsync(id, cancellationToken);
        if (outcome.Kind != JobOutcomeKind.Ok)
        {
            return TypedResults.NotFound();
        }
        http.Response.Headers.ETag = outcome.Value!.ETag;
        return TypedResults.Ok(outcome.Value);
    }

    private static async Task<Results<Ok<JobResponse>, ValidationProblem, NotFound, ForbidHttpResult, StatusCodeHttpResult>> UpdateAsync(
        Guid id, HttpContext http, JobService service, CancellationToken cancellationToken)
    {
        using var body = await JobRequests.ReadAsync(http.Request, cancellationToken);
        var request = body.Errors.Count == 0 ? JobRequests.ToUpdate(body) : null;
        if (request is null || body.Errors.Count > 0)
        {
            return TypedResults.ValidationProblem(body.Errors);
        }
        var outcome = await service.UpdateAsync(id, request, IfMatch.ExpectedVersion(http.Request), cancellationToken);
        return outcome.Kind switch
        {
            JobOutcomeKind.Ok => WithETag(http, outcome.Value!),
            JobOutcomeKind.Invalid => TypedResults.ValidationProblem(outcome.Errors!),
            JobOutcomeKind.Forbidden => TypedResults.Forbid(),
            JobOutcomeKind.PreconditionFailed => TypedResults.StatusCode(StatusCodes.Status412PreconditionFailed),
            _ => TypedResults.NotFound(),
        };
    }

    private static async Task<Results<NoContent, NotFound, ForbidHttpResult, StatusCodeHttpResult>> DeleteAsync(
        Guid id, HttpContext http, JobService service, CancellationToken cancellationToken)
    {
        var outcome = await service.DeleteAsync(id, IfMatch.ExpectedVersion(http.Request), cancellationToken);
        return outcome.Kind switch
        {
            JobOutcomeKind.Ok => TypedResults.NoContent(),
            JobOutcomeKind.Forbidden => TypedResults.Forbid(),
            JobOutcomeKind.PreconditionFailed => TypedResults.StatusCode(StatusCodes.Status412PreconditionFailed),
            _ => TypedResults.NotFound(),
        };
    }

    private static async Task<Results<Ok<JobResponse>, NotFound, ForbidHttpResult>> ControlAsync(HttpContext http, Func<Task<JobOutcome<JobResponse>>> action)
    {
        var outcome = await action();
        return outcome.Kind switch
        {
            JobOutcomeKind.Ok => WithETag(http, outcome.Value!),
            JobOutcomeKind.Forbidden => TypedResults.Forbid(),
            _ => TypedResults.NotFound(),
        };
    }

    private static async Task<Results<Accepted<JobResponse>, NotFound, ForbidHttpResult>> RunAsync(
        Guid id, JobService service, CancellationToken cancellationToken)
    {
        var outcome = await service.RunNowAsync(id, cancellationToken);
        return outcome.Kind switch
        {
            JobOutcomeKind.Ok => TypedResults.Accepted($"/api/jobs/{id}/runs", outcome.Value!),
            JobOutcomeKind.Forbidden => TypedResults.Forbid(),
            _ => TypedResults.NotFound(),
        };
    }

    private static async Task<Results<Ok<Page<JobRunResponse>>, ValidationProblem, NotFound>> ListRunsAsync(
        Guid id, string? limit, string? cursor, JobService service, ListCursor cursors, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var pageSize = ParseLimit(limit, errors);
        var scope = service.RunsCursorScope(id);
        var after = cursors.DecodeOrAddError(cursor, scope, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var outcome = await service.ListRunsAsync(id, pageSize, after, cancellationToken);
        if (outcome.Kind != JobOutcomeKind.Ok)
        {
            return TypedResults.NotFound();
        }
        var page = outcome.Value!;
        return TypedResults.Ok(new Page<JobRunResponse>(page.Items, page.Next is { } next ? cursors.Encode(next, scope) : null));
    }

    private static Ok<JobResponse> WithETag(HttpContext http, JobResponse job)
    {
        http.Response.Headers.ETag = job.ETag;
        return TypedResults.Ok(job);
    }

    private static int ParseLimit(string? limit, Dictionary<string, string[]> errors)
    {
        var pageSize = DefaultLimit;
        if (limit is not null
            && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxLimit))
        {
            errors["limit"] = [$"'limit' must be an integer from 1 to {MaxLimit}."];
        }
        return pageSize;
    }
}
