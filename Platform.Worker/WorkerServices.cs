using Platform.Core.Jobs;

namespace Platform.Worker;

public static class WorkerServices
{
    /// <summary>The worker is a Quartz cluster member and nothing else; Kestrel serves only /health and /alive.</summary>
    public static IHostApplicationBuilder AddWorkerServices(this IHostApplicationBuilder builder)
    {
        builder.AddJobExecution();
        return builder;
    }
}
