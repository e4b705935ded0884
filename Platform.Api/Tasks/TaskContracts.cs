using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Platform.Core.Tasks;

namespace Platform.Api.Tasks;

/// <summary>A task as the API shows it.</summary>
public sealed record TaskResponse(
    Guid Id, string Title, string? Description, TaskItemStatus Status, DateTimeOffset? DueAt,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string CreatedBy)
{
    public static TaskResponse From(TaskItem task) => new(
        task.Id, task.Title, task.Description, task.Status, task.DueAt, task.CreatedAt, task.UpdatedAt, task.CreatedBy);
}

public sealed record TaskListResponse(IReadOnlyList<TaskResponse> Items, string? NextCursor);

/// <summary>The body of <c>POST /api/tasks</c> (documented shape; the endpoint validates the JSON itself).</summary>
public sealed record CreateTaskRequest(
    [property: Required, MinLength(1), MaxLength(TaskItemConfiguration.TitleMaxLength)] string Title,
    [property: MaxLength(TaskItemConfiguration.DescriptionMaxLength)] string? Description = null,
    [property: DefaultValue(TaskItemStatus.Pending)] TaskItemStatus? Status = null,
    DateTimeOffset? DueAt = null);

/// <summary>The body of <c>PATCH /api/tasks/{id}</c>: JSON merge patch, only the fields sent change; null clears description and dueAt.</summary>
public sealed record UpdateTaskRequest(
    [property: MinLength(1), MaxLength(TaskItemConfiguration.TitleMaxLength)] string? Title = null,
    [property: MaxLength(TaskItemConfiguration.DescriptionMaxLength)] string? Description = null,
    TaskItemStatus? Status = null,
    DateTimeOffset? DueAt = null);
