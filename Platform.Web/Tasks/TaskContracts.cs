namespace Platform.Web.Tasks;

public static class TaskStatuses
{
    public const string Pending = "pending";
    public const string InProgress = "in_progress";
    public const string Completed = "completed";

    public static readonly string[] All = [Pending, InProgress, Completed];

    public static string Label(string? status) => status switch
    {
        Pending => "Pending",
        InProgress => "In progress",
        Completed => "Completed",
        _ => status ?? "",
    };

    public static string BadgeClass(string? status) => status switch
    {
        Completed => "text-bg-success",
        InProgress => "text-bg-primary",
        _ => "text-bg-secondary",
    };
}

public sealed record TaskItem(
    string Id,
    string Title,
    string? Description,
    string Status,
    DateTimeOffset? DueAt,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt);

public sealed record CreateTaskRequest(string Title, string? Description, string Status, DateTimeOffset? DueAt);

public sealed record UpdateTaskRequest(string? Title = null, string? Description = null, string? Status = null, DateTimeOffset? DueAt = null);
