using System.Globalization;
using Platform.Api.Http;
using Platform.Core.Tasks;

namespace Platform.Api.Tasks;

/// <summary>Turns request bodies and headers into TaskService inputs, collecting field errors.</summary>
internal static class TaskRequests
{
    public const string Title = "title";
    public const string Description = "description";
    public const string Status = "status";
    public const string DueAt = "dueAt";

    public static TaskDraft? ToDraft(JsonBody body)
    {
        if (!body.Has(Title))
        {
            body.AddError(Title, "'title' is required.");
        }

        body.TryString(Title, nullable: false, 1, TaskItemConfiguration.TitleMaxLength, out var title);
        body.TryString(Description, nullable: true, 0, TaskItemConfiguration.DescriptionMaxLength, out var description);
        var status = TaskItemStatus.Pending;
        if (body.TryString(Status, nullable: false, 0, 64, out var statusName) && !TaskItemStatusNames.TryParse(statusName, out status))
        {
            body.AddError(Status, StatusError);
        }
        body.TryDateTime(DueAt, out var dueAt);
        return body.IsValid ? new TaskDraft(title!, description, status, dueAt) : null;
    }

    public static TaskChanges? ToChanges(JsonBody body)
    {
        var setTitle = body.TryString(Title, nullable: false, 1, TaskItemConfiguration.TitleMaxLength, out var title);
        var setDescription = body.TryString(Description, nullable: true, 0, TaskItemConfiguration.DescriptionMaxLength, out var description);
        var status = default(TaskItemStatus);
        var setStatus = body.TryString(Status, nullable: false, 0, 64, out var statusName);
        if (setStatus && !TaskItemStatusNames.TryParse(statusName, out status))
        {
            body.AddError(Status, StatusError);
        }
        var setDueAt = body.TryDateTime(DueAt, out var dueAt);
        return body.IsValid
            ? new TaskChanges
            {
                SetTitle = setTitle, Title = title ?? "",
                SetDescription = setDescription, Description = description,
                SetStatus = setStatus, Status = status,
                SetDueAt = setDueAt, DueAt = dueAt,
            }
            : null;
    }

    public static string StatusError => $"'status' must be one of: {string.Join(", ", TaskItemStatusNames.All)}.";

    public static string ETag(TaskItem task) => $"\"{task.Version.ToString(CultureInfo.InvariantCulture)}\"";
}
