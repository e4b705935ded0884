using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Api.Authorization;
using Platform.Api.Http;
using Platform.Core.Paging;
using Platform.Core.Tasks;

namespace Platform.Api.Tasks;

public static class TaskEndpoints
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;
    public const int MaxSearchLength = 200;

    public static IEndpointRouteBuilder MapTaskApi(this IEndpointRouteBuilder app)
    {
        var tasks = app.MapGroup("/api/tasks").WithTags("Tasks");

        tasks.MapGet("/", ListAsync).WithName("ListTasks").RequireAuthorization(Permissions.TasksRead)
            .WithSummary("List the tasks of the caller's tenant, newest first (keyset pagination).");
        tasks.MapPost("/", CreateAsync).WithName("CreateTask").RequireAuthorization(Permissions.TasksWrite)
            .Accepts<CreateTaskRequest>("application/json")
            .WithSummary("Create a task.");
        tasks.MapGet("/{id:guid}", GetAsync).WithName("GetTask").RequireAuthorization(Permissions.TasksRead)
            .WithSummary("Get one task; the ETag header carries its version.");
        tasks.MapPatch("/{id:guid}", UpdateAsync).WithName("UpdateTask").RequireAuthorization(Permissions.TasksWrite)
            .Accepts<UpdateTaskRequest>("application/json", "application/merge-patch+json")
            .WithSummary("Change the fields sent (JSON merge patch). If-Match with a stale ETag answers 412.");
        tasks.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteTask").RequireAuthorization(Permissions.TasksWrite)
            .WithSummary("Delete a task. If-Match with a stale ETag answers 412.");
        return app;
    }

    private static async Task<Results<Ok<TaskListResponse>, ValidationProblem>> ListAsync(
        string? status, string? q, string? limit, string? cursor, TaskService service, ListCursor cursors, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        TaskItemStatus? statusFilter = null;
        if (status is not null)
        {
            if (TaskItemStatusNames.TryParse(status, out var parsed))
            {
                statusFilter = parsed;
            }
            else
            {
                errors["status"] = [TaskRequests.StatusError];
            }
        }

        var search = string.IsNullOrEmpty(q) ? null : q;
        if (search is not null && (search.Length > MaxSearchLength || search.Contains('\0', StringComparison.Ordinal)))
        {
            errors["q"] = [$"'q' must be at most {MaxSearchLength} characters without NUL."];
        }

        var pageSize = DefaultLimit;
        if (limit is not null
            && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxLimit))
        {
            errors["limit"] = [$"'limit' must be an integer from 1 to {MaxLimit}."];
        }

        var scope = service.CursorScope(statusFilter, search);
        var after = cursors.DecodeOrAddError(cursor, scope, errors);

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var page = await service.ListAsync(new TaskListQuery(statusFilter, search, pageSize, after), cancellationToken);
        return TypedResults.Ok(new TaskListResponse(
            [.. page.Items.Select(TaskResponse.From)],
            page.Next is { } next ? cursors.Encode(next, scope) : null));
    }

    private static async Task<Results<Created<TaskResponse>, ValidationProblem>> CreateAsync(
        HttpContext http, TaskService service, CancellationToken cancellationToken)
    {
        using var body = await JsonBody.ReadAsync(http.Request, cancellationToken);
        var draft = body.IsValid ? TaskRequests.ToDraft(body) : null;
        if (draft is null)
        {
            return TypedResults.ValidationProblem(body.Errors);
        }

        var task = await service.CreateAsync(draft, cancellationToken);
        http.Response.Headers.ETag = TaskRequests.ETag(task);
        return TypedResults.Created($"/api/tasks/{task.Id}", TaskResponse.From(task));
    }

    private static async Task<Results<Ok<TaskResponse>, NotFound>> GetAsync(
        Guid id, HttpContext http, TaskService service, CancellationToken cancellationToken)
    {
        var task = await service.FindAsync(id, cancellationToken);
        if (task is null)
        {
            return TypedResults.NotFound();
        }

        http.Response.Headers.ETag = TaskRequests.ETag(task);
        return TypedResults.Ok(TaskResponse.From(task));
    }

    private static async Task<Results<Ok<TaskResponse>, ValidationProblem, NotFound, ForbidHttpResult, StatusCodeHttpResult>> UpdateAsync(
        Guid id, HttpContext http, TaskService service, CancellationToken cancellationToken)
    {
        using var body = await JsonBody.ReadAsync(http.Request, cancellationToken);
        var changes = body.IsValid ? TaskRequests.ToChanges(body) : null;
        if (changes is null)
        {
            return TypedResults.ValidationProblem(body.Errors);
        }

        var (outcome, task) = await service.UpdateAsync(id, changes, IfMatch.ExpectedVersion(http.Request), cancellationToken);
        switch (outcome)
        {
            case TaskWriteOutcome.Done:
                http.Response.Headers.ETag = TaskRequests.ETag(task!);
                return TypedResults.Ok(TaskResponse.From(task!));
            case TaskWriteOutcome.Forbidden:
                return TypedResults.Forbid();
            case TaskWriteOutcome.PreconditionFailed:
                return TypedResults.StatusCode(StatusCodes.Status412PreconditionFailed);
            default:
                return TypedResults.NotFound();
        }
    }

    private static async Task<Results<NoContent, NotFound, ForbidHttpResult, StatusCodeHttpResult>> DeleteAsync(
        Guid id, HttpContext http, TaskService service, CancellationToken cancellationToken)
    {
        var outcome = await service.DeleteAsync(id, IfMatch.ExpectedVersion(http.Request), cancellationToken);
        return outcome switch
        {
            TaskWriteOutcome.Done => TypedResults.NoContent(),
            TaskWriteOutcome.Forbidden => TypedResults.Forbid(),
            TaskWriteOutcome.PreconditionFailed => TypedResults.StatusCode(StatusCodes.Status412PreconditionFailed),
            _ => TypedResults.NotFound(),
        };
    }
}
