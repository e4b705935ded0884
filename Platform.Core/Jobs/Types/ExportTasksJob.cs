using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Platform.Core.Data;
using Platform.Core.Jobs.Quartz;
using Platform.Core.Jobs.Runs;
using Platform.Core.Files;
using Platform.Core.Tasks;
using Platform.Core.Tenancy;

namespace Platform.Core.Jobs.Types;

/// <summary>
/// <c>export-tasks {format: csv|json}</c>: writes the job tenant's tasks (and only those: the tenant filter and an
/// explicit condition both apply) as a file of that tenant, created by the job's creator, through
/// <see cref="FileService"/>: a row in <c>files</c> (listed by <c>GET /api/files</c>, downloadable) and its object.
/// The run's output is the file's id. Idempotent in effect: a recovered run writes a file of its own; what a lost
/// attempt left half-written stays <c>uploading</c> (hidden) until the file sweep removes it.
/// </summary>
[DisallowConcurrentExecution]
public sealed class ExportTasksJob(JobRunTracker tracker, IServiceScopeFactory scopes, TimeProvider time)
    : PlatformJob<ExportTasksJob.Payload>(tracker)
{
    public const string TypeName = "export-tasks";
    public const string Csv = "csv";
    public const string Json = "json";

    public static readonly JobTypeDescriptor Descriptor = new(
        TypeName,
        "Exports the tenant's tasks as a CSV or JSON file into the tenant's files; the run's output is the file's id.",
        typeof(ExportTasksJob),
        [new EnumField("format", "File format.", [Csv, Json], DefaultValue: Json)]);

    public sealed record Payload(string Format);

    /// <summary>The exported file's display name, e.g. <c>tasks-20261125-060000.csv</c> (UTC).</summary>
    public static string FileNameFor(DateTimeOffset at, string format) =>
        $"tasks-{at.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.{format}";

    protected override async Task<string?> RunAsync(JobData job, Payload payload, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().ActFor(job);
        var files = scope.ServiceProvider.GetService<FileService>()
            ?? throw new InvalidOperationException("Object storage is not configured (ConnectionStrings:storage).");
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();

        var tasks = await db.Tasks.AsNoTracking()
            .Where(t => t.TenantId == job.TenantId)
            .OrderBy(t => t.CreatedAt).ThenBy(t => t.Id)
            .ToListAsync(cancellationToken);
        var (bytes, contentType) = payload.Format == Csv ? (ToCsv(tasks), "text/csv") : (ToJson(tasks), "application/json");

        using var content = new MemoryStream(bytes, writable: false);
        var (outcome, file) = await files.UploadAsync(FileNameFor(time.GetUtcNow(), payload.Format), contentType, content, cancellationToken);
        if (outcome != FileOutcome.Done)
        {
            throw new InvalidOperationException($"The export ({bytes.Length} bytes) is larger than Storage:MaxUploadBytes allows.");
        }
        return file!.Id.ToString("D");
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
