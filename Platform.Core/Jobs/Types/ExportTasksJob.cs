using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Platform.Core.Data;
using Platform.Core.Jobs.Quartz;
using Platform.Core.Jobs.Runs;
using Platform.Core.Storage;
using Platform.Core.Tasks;
using Platform.Core.Tenancy;

namespace Platform.Core.Jobs.Types;

/// <summary>
/// <c>export-tasks {format: csv|json}</c>: writes the job tenant's tasks (and only those: the tenant filter and an
/// explicit condition both apply) to object storage under <c>{tenant}/exports/{jobRunId}.{ext}</c>
/// and records that key as the run's output. Idempotent: a recovered run writes its own object again.
/// </summary>
[DisallowConcurrentExecution]
public sealed class ExportTasksJob(JobRunTracker tracker, IServiceScopeFactory scopes)
    : PlatformJob<ExportTasksJob.Payload>(tracker)
{
    public const string TypeName = "export-tasks";
    public const string Csv = "csv";
    public const string Json = "json";

    public static readonly JobTypeDescriptor Descriptor = new(
        TypeName,
        "Exports the tenant's tasks as a CSV or JSON file into object storage; the run's output is the file's key.",
        typeof(ExportTasksJob),
        [new EnumField("format", "File format.", [Csv, Json], DefaultValue: Json)]);

    public sealed record Payload(string Format);

    public static string KeyFor(string tenantId, Guid runId, string format) => $"{tenantId}/exports/{runId:D}.{format}";

    protected override async Task<string?> RunAsync(JobData job, Payload payload, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().ActFor(job);
        var store = scope.ServiceProvider.GetService<IObjectStore>()
            ?? throw new InvalidOperationException("Object storage is not configured (ConnectionStrings:storage).");
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();

        var tasks = await db.Tasks.AsNoTracking()
            .Where(t => t.TenantId == job.TenantId)
            .OrderBy(t => t.CreatedAt).ThenBy(t => t.Id)
            .ToListAsync(cancellationToken);
        var (bytes, contentType) = payload.Format == Csv ? (ToCsv(tasks), "text/csv") : (ToJson(tasks), "application/json");

        var key = KeyFor(job.TenantId, CurrentRunId ?? Guid.CreateVersion7(), payload.Format);
        using var content = new MemoryStream(bytes, writable: false);
        await store.PutAsync(key, content, contentType, cancellationToken);
        return key;
    }

    private static byte[] ToJson(List<TaskItem> tasks) => JsonSerializer.SerializeToUtf8Bytes(
        tasks.Select(t => new { id = t.Id, title = t.Title, description = t.Description, status = t.Status.ToName(), dueAt = t.DueAt, createdAt = t.CreatedAt, updatedAt = t.UpdatedAt }),
        JsonSerializerOptions.Web);

    private static byte[] ToCsv(List<TaskItem> tasks)
    {
        var csv = new StringBuilder("id,title,description,status,dueAt,createdAt,updatedAt\r\n");
        foreach (var t in tasks)
        {
            csv.AppendJoin(',',
                t.Id.ToString(),
                Quote(t.Title),
                Quote(t.Description ?? ""),
                t.Status.ToName(),
                t.DueAt?.ToString("O", CultureInfo.InvariantCulture) ?? "",
                t.CreatedAt.ToString("O", CultureInfo.InvariantCulture),
                t.UpdatedAt.ToString("O", CultureInfo.InvariantCulture));
            csv.Append("\r\n");
        }
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    // RFC 4180 quoting; a leading =, +, - or @ is prefixed with ' so spreadsheets do not run it as a formula.
    private static string Quote(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@')
        {
            value = "'" + value;
        }
        return "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
