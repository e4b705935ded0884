using System.ComponentModel.DataAnnotations;

namespace Platform.Web.Tasks;

/// <summary>The task form's fields, with the API's limits (DESIGN §5) checked before the call.</summary>
public sealed class TaskInput
{
    [Required, StringLength(255)]
    public string Title { get; set; } = "";

    [StringLength(5000)]
    public string? Description { get; set; }

    [Required]
    public string Status { get; set; } = TaskStatuses.Pending;

    public DateTime? DueAt { get; set; }

    public DateTimeOffset? DueAtUtc => DueAt is { } d ? new DateTimeOffset(DateTime.SpecifyKind(d.Date, DateTimeKind.Utc)) : null;

    public static TaskInput From(TaskItem task) => new()
    {
        Title = task.Title,
        Description = task.Description,
        Status = task.Status,
        DueAt = task.DueAt?.UtcDateTime.Date,
    };
}
