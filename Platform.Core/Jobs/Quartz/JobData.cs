using System.Globalization;
using System.Text.Json;
using Quartz;

namespace Platform.Core.Jobs.Quartz;

/// <summary>What a Quartz job detail carries about the platform job it runs (strings only: the store keeps JSON).</summary>
public sealed record JobData(Guid JobId, string TenantId, string CreatedBy, string Type, string PayloadJson, string? TraceParent)
{
    public const string Group = "platform";

    private const string JobIdKey = "jobId";
    private const string TenantIdKey = "tenantId";
    private const string CreatedByKey = "createdBy";
    private const string TypeKey = "type";
    private const string PayloadKey = "payload";
    private const string TraceParentKey = "traceParent";

    public static JobKey JobKeyFor(Guid jobId) => new(jobId.ToString("D"), Group);

    public static TriggerKey TriggerKeyFor(Guid jobId) => new(jobId.ToString("D"), Group);

    public static bool TryGetJobId(JobKey key, out Guid jobId) =>
        Guid.TryParse(key.Name, CultureInfo.InvariantCulture, out jobId) & key.Group == Group;

    public JobDataMap ToMap()
    {
        var map = new JobDataMap
        {
            [JobIdKey] = JobId.ToString("D"),
            [TenantIdKey] = TenantId,
            [CreatedByKey] = CreatedBy,
            [TypeKey] = Type,
            [PayloadKey] = PayloadJson,
        };
        if (TraceParent is not null)
        {
            map[TraceParentKey] = TraceParent;
        }
        return map;
    }

    public static JobData From(JobDataMap map) => new(
        Guid.Parse(Required(map, JobIdKey), CultureInfo.InvariantCulture),
        Required(map, TenantIdKey),
        Required(map, CreatedByKey),
        Required(map, TypeKey),
        Optional(map, PayloadKey) ?? "{}",
        Optional(map, TraceParentKey));

    private static string? Optional(JobDataMap map, string key) => map.TryGetValue(key, out var value) ? value as string : null;

    private static string Required(JobDataMap map, string key) =>
        Optional(map, key) ?? throw new InvalidOperationException($"Quartz job data lacks '{key}'.");

    public T Payload<T>() => JsonSerializer.Deserialize<T>(PayloadJson, JsonSerializerOptions.Web)
        ?? throw new InvalidOperationException($"Job {JobId} has an empty payload.");
}
