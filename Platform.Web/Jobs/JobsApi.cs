using System.Text.Json;
using Platform.Web.Jobs;

namespace Platform.Web.Http;

public sealed partial class ApiClient
{
    public Task<ApiResult<Page<JobItem>>> ListJobsAsync(string? cursor, int limit = 20, CancellationToken ct = default) =>
        UserSendAsync<Page<JobItem>>(HttpMethod.Get, "api/jobs" + Query(("limit", limit.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("cursor", cursor)), null, ct);

    public Task<ApiResult<JobItem>> GetJobAsync(string id, CancellationToken ct = default) =>
        UserSendAsync<JobItem>(HttpMethod.Get, $"api/jobs/{Uri.EscapeDataString(id)}", null, ct);

    public Task<ApiResult<JobItem>> CreateJobAsync(CreateJobRequest request, CancellationToken ct = default) =>
        UserSendAsync<JobItem>(HttpMethod.Post, "api/jobs", request, ct);

    public Task<ApiResult> DeleteJobAsync(string id, CancellationToken ct = default) =>
        UserSendAsync(HttpMethod.Delete, $"api/jobs/{Uri.EscapeDataString(id)}", null, ct);

    /// <summary><c>POST /api/jobs/{id}/pause|resume|run</c>.</summary>
    public Task<ApiResult> JobActionAsync(string id, string action, CancellationToken ct = default) =>
        UserSendAsync(HttpMethod.Post, $"api/jobs/{Uri.EscapeDataString(id)}/{action}", new { }, ct);

    public async Task<ApiResult<List<JobTypeInfo>>> ListJobTypesAsync(CancellationToken ct = default) =>
        ListOf<JobTypeInfo>(await UserSendAsync<JsonElement>(HttpMethod.Get, "api/jobs/types", null, ct));

    public async Task<ApiResult<List<JobRunItem>>> ListJobRunsAsync(string id, CancellationToken ct = default) =>
        ListOf<JobRunItem>(await UserSendAsync<JsonElement>(HttpMethod.Get, $"api/jobs/{Uri.EscapeDataString(id)}/runs?limit=50", null, ct));

    /// <summary>The next fire times of a schedule, from <c>POST /api/jobs/preview</c>.</summary>
    public async Task<ApiResult<List<DateTimeOffset>>> PreviewScheduleAsync(JobScheduleDto schedule, CancellationToken ct = default)
    {
        // Sent both bare and wrapped, so either binding of the preview body reads it.
        var body = new { schedule, schedule.Kind, schedule.Cron, schedule.TimeZone, schedule.IntervalSeconds, schedule.RunAt };
        var result = await UserSendAsync<JsonElement>(HttpMethod.Post, "api/jobs/preview", body, ct);
        if (!result.Succeeded)
        {
            return result.Problem;
        }

        var element = result.Value;
        if (element.ValueKind == JsonValueKind.Object)
        {
            element = element.EnumerateObject().Select(p => p.Value).FirstOrDefault(v => v.ValueKind == JsonValueKind.Array);
        }

        return element.ValueKind == JsonValueKind.Array ? element.Deserialize<List<DateTimeOffset>>(Json) ?? [] : [];
    }

    private static ApiResult<List<T>> ListOf<T>(ApiResult<JsonElement> result)
    {
        if (!result.Succeeded)
        {
            return result.Problem;
        }

        var element = result.Value;
        if (element.ValueKind == JsonValueKind.Object)
        {
            element = element.TryGetProperty("items", out var items)
                ? items
                : element.EnumerateObject().Select(p => p.Value).FirstOrDefault(v => v.ValueKind == JsonValueKind.Array);
        }

        return element.ValueKind == JsonValueKind.Array ? element.Deserialize<List<T>>(Json) ?? [] : new List<T>();
    }
}
