using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Quartz;
using Quartz.Impl;
using Platform.Core.Jobs.Quartz;
using Platform.Core.Jobs.Runs;
using Platform.Core.Jobs.Schedules;
using Platform.Core.Jobs.Types;

namespace Platform.Core.Jobs;

/// <summary>
/// One Quartz configuration for api and workers: ADO.NET job store on platformdb (schema <c>quartz</c>),
/// JSON serialization, clustering with a short check-in, generated instance ids, a short idle wait.
/// </summary>
public static class JobsHostingExtensions
{
    public const string ConnectionName = "platformdb";

    /// <summary>
    /// API side: <see cref="JobService"/> (needs <c>AddPlatformData</c>) and a scheduler that is only ever used to
    /// define and control jobs, never started.
    /// </summary>
    public static IHostApplicationBuilder AddJobScheduling(this IHostApplicationBuilder builder)
    {
        AddQuartzCore(builder);
        builder.Services.AddScoped<JobService>();
        return builder;
    }

    /// <summary>Worker side: a Quartz cluster member that runs jobs and records their runs.</summary>
    public static IHostApplicationBuilder AddJobExecution(this IHostApplicationBuilder builder)
    {
        var options = AddQuartzCore(builder);
        var services = builder.Services;

        services.AddSingleton(sp => new WorkerIdentity(WorkerInstance.Resolve(sp.GetRequiredService<IConfiguration>(), options)));
        services.AddSingleton(sp => new JobRunStore(NpgsqlDataSource.Create(sp.GetRequiredService<QuartzConnection>().ConnectionString)));
        services.AddSingleton<JobRunTracker>();
        services.AddSingleton<JobTelemetry>();
        services.AddSingleton<JobRunRecorder>();
        services.AddQuartz(q => q.AddJobListener(sp => sp.GetRequiredService<JobRunRecorder>(), [GroupMatcher<JobKey>.GroupEquals(JobData.Group)]));

        builder.AddQuartzHostedService(hosted =>
        {
            // Running jobs get ShutdownTimeout to finish; what is still running then is recovered by another worker.
            hosted.WaitForJobsToComplete = true;
            hosted.AwaitApplicationStarted = false;
        });
        services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);

        services.AddHealthChecks().AddQuartz(health =>
        {
            health.Name = "scheduler";
            health.Tags.Add(ServiceDefaultsExtensions.LiveTag);
        });
        return builder;
    }

    private static JobsOptions AddQuartzCore(IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        var options = builder.Configuration.GetSection(JobsOptions.SectionName).Get<JobsOptions>() ?? new JobsOptions();
        var connectionString = builder.Configuration.GetConnectionString(ConnectionName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{ConnectionName} is not set.");

        services.AddSingleton(new QuartzConnection(connectionString));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ScheduleTranslator>();
        // Registered before Quartz's hosted service, so the tables exist when the scheduler starts.
        services.AddHostedService<QuartzSchemaInitializer>();

        builder.AddQuartz(q =>
        {
            q.ConfigureScheduler(scheduler =>
            {
                scheduler.InstanceName = options.SchedulerName;
                // Never the literal "AUTO" in code-first configuration: it is taken as the id, and every worker would share it.
                scheduler.GenerateInstanceId = true;
                scheduler.IdleWaitTime = options.IdleWaitTime;
            });
            q.UseDefaultThreadPool(options.MaxConcurrency);
            q.UsePersistentStore(store =>
            {
                store.UsePostgres(connectionString);
                store.ConfigureStore(ado =>
                {
                    ado.TablePrefix = options.TablePrefix;
                    ado.RecoverFiringsCancelledByShutdown = true;
                });
                store.UseSerializer<SystemTextJsonObjectSerializer>();
                store.UseClustering(cluster =>
                {
                    cluster.CheckinInterval = options.CheckinInterval;
                    cluster.CheckinMisfireThreshold = options.CheckinMisfireThreshold;
                });
            });
            q.AddJobType<CleanupCompletedTasksJob>();
            q.AddJobType<ExportTasksJob>();
            q.AddJobType<NoopJob>();
        });
        return options;
    }
}
