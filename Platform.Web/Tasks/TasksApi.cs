using Platform.Web.Tasks;

namespace Platform.Web.Http;

public sealed partial class ApiClient
{
    public Task<ApiResult<Page<TaskItem>>> ListTasksAsync(string? status, string? q, string? cursor, int limit = 20, CancellationToken ct = default) =>
        UserSendAsync<Page<TaskItem>>(HttpMethod.Get, "api/tasks" + Query(("status", status), ("q", q), ("limit", limit.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("cursor", cursor)), null, ct);

    public Task<ApiResult<TaskItem>> GetTaskAsync(string id, CancellationToken ct = default) =>
        UserSendAsync<TaskItem>(HttpMethod.Get, $"api/tasks/{Uri.EscapeDataString(id)}", null, ct);

    public Task<ApiResult<TaskItem>> CreateTaskAsync(CreateTaskRequest request, CancellationToken ct = default) =>
        UserSendAsync<TaskItem>(HttpMethod.Post, "api/tasks", request, ct);

    public Task<ApiResult<TaskItem>> UpdateTaskAsync(string id, UpdateTaskRequest request, CancellationToken ct = default) =>
        UserSendAsync<TaskItem>(HttpMethod.Patch, $"api/tasks/{Uri.EscapeDataString(id)}", Patch(request), ct);

    public Task<ApiResult> DeleteTaskAsync(string id, CancellationToken ct = default) =>
        UserSendAsync(HttpMethod.Delete, $"api/tasks/{Uri.EscapeDataString(id)}", null, ct);

    // PATCH sends only the fields being changed.
    private static Dictionary<string, object?> Patch(UpdateTaskRequest request)
    {
        var body = new Dictionary<string, object?>();
        if (request.Title is not null) body["title"] = request.Title;
        if (request.Description is not null) body["description"] = request.Description;
        if (request.Status is not null) body["status"] = request.Status;
        if (request.DueAt is not null) body["dueAt"] = request.DueAt;
        return body;
    }
}
