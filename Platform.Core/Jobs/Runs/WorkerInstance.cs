using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Platform.Core.Jobs.Runs;

/// <summary>This process's name in run history: Aspire's <c>service.instance.id</c> (a replica's suffix), else machine and pid.</summary>
public static class WorkerInstance
{
    public static string Resolve(IConfiguration configuration, JobsOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.WorkerInstance))
        {
            return options.WorkerInstance;
        }
        return FromResourceAttributes(configuration["OTEL_RESOURCE_ATTRIBUTES"])
            ?? string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}-{Environment.ProcessId}");
    }

    public static string? FromResourceAttributes(string? attributes)
    {
        foreach (var pair in (attributes ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && pair[..equals].Trim() == "service.instance.id" && pair[(equals + 1)..].Trim() is { Length: > 0 } value)
            {
                return Uri.UnescapeDataString(value);
            }
        }
        return null;
    }
}
