using Platform.Core.Data;
using Platform.Core.Files;
using Platform.Core.Jobs;

namespace Platform.Worker;

public static class WorkerServices
{
    /// <summary>The worker is a Quartz cluster member and nothing else; Kestrel serves only /health and /alive.</summary>
    public static IHostApplicationBuilder AddWorkerServices(this IHostApplicationBuilder builder)
    {
        builder.AddPlatformData();
        // Storage and files are needed by export-tasks only; without them those runs fail with a clear error.
        if (!string.IsNullOrEmpty(builder.Configuration.GetConnectionString("storage")))
        {
            builder.AddMinioClient("storage");
            builder.Services.AddObjectStore();
            builder.Services.AddFileServices();
        }
        builder.AddJobExecution();
        return builder;
    }
}
