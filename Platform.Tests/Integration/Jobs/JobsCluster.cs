using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Quartz;
using Platform.Core.Data;
using Platform.Core.Jobs;
using Platform.Core.Tenancy;
using Platform.Core.Jobs.Runs;
using Platform.Tests.Infrastructure;
using Platform.Worker;

namespace Platform.Tests.Integration.Jobs;

/// <summary>
/// The jobs feature on one fresh database: the API side (a JobService over a never-started scheduler) and
/// any number of in-process workers (the real Platform.Worker app through WebApplicationFactory).
/// </summary>
public sealed class JobsCluster : IAsyncDisposable
{
    public static readonly JobCaller Alice = new("alice", null, null);
    public static readonly JobCaller Bob = new("bob", null, null);

    private readonly List<WebApplicationFactory<WorkerApp>> _workers = [];
    private readonly IHost _api;

    private JobsCluster(string connectionString, IHost api)
    {
        ConnectionString = connectionString;
        _api = api;
    }

    public string ConnectionString { get; }

    public IServiceProvider ApiServices => _api.Services;

    public static Dictionary<string, string?> Settings(string connectionString) => new()
    {
        ["ConnectionStrings:platformdb"] = connectionString,
        ["Jobs:IdleWaitTime"] = "00:00:01",
        ["Jobs:ShutdownTimeout"] = "00:00:05",
        ["Jobs:MinIntervalSeconds"] = "1",
        ["Logging:LogLevel:Default"] = "Warning",
    };

    public static async Task<JobsCluster> StartAsync(string connectionString)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(Settings(connectionString));
        builder.AddPlatformData();
        builder.AddJobScheduling();
        var api = builder.Build();
        await api.StartAsync();
        return new JobsCluster(connectionString, api);
    }

    /// <summary>Starts a worker (Quartz cluster member) named <paramref name="instance"/> in run history.</summary>
    public async Task<WebApplicationFactory<WorkerApp>> StartWorkerAsync(string instance, IDictionary<string, string?>? settings = null)
    {
        var factory = await StartWorkerAsync(ConnectionString, instance, settings);
        _workers.Add(factory);
        return factory;
    }

    /// <summary>
    /// Starts the real Platform.Worker in-process on <paramref name="connectionString"/>'s database (any stack's
    /// platformdb) and waits until its scheduler runs; the caller disposes it.
    /// </summary>
    public static async Task<WebApplicationFactory<WorkerApp>> StartWorkerAsync(string connectionString, string instance, IDictionary<string, string?>? settings = null)
    {
        var factory = new WebApplicationFactory<WorkerApp>().WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in Settings(connectionString))
            {
                web.UseSetting(key, value);
            }
            web.UseSetting("Jobs:WorkerInstance", instance);
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                web.UseSetting(key, value);
            }
        });
        try
        {
            _ = factory.Server; // starts the host
            var scheduler = await factory.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
            await Poll.UntilAsync(() => Task.FromResult(scheduler.Status == SchedulerStatus.Running), TimeSpan.FromSeconds(20), "worker scheduler started");
            return factory;
        }
        catch
        {
            await factory.DisposeWithinLimitAsync("a worker that did not start");
            throw;
        }
    }

    /// <summary>Runs <paramref name="action"/> in a request-like scope acting as <paramref name="caller"/>.</summary>
    public async Task<T> AsAsync<T>(JobCaller caller, Func<JobService, Task<T>> action)
    {
        await using var scope = _api.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(caller.UserId, caller.OrganizationId, caller.Role);
        return await action(scope.ServiceProvider.GetRequiredService<JobService>());
    }

    public async Task<List<JobRun>> RunsAsync(Guid jobId)
    {
        await using var scope = _api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        return await db.Set<JobRun>().AsNoTracking().Where(r => r.JobId == jobId).OrderBy(r => r.Id).ToListAsync();
    }

    public async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.DisposeWithinLimitAsync("a worker");
        }
        await _api.StopAsync().WaitAsync(Disposal.HostStopLimit);
        _api.Dispose();
    }
}

public sealed record JobCaller(string UserId, string? OrganizationId, string? Role);

public static class Poll
{
    /// <summary>Waits for a condition by polling (no fixed sleeps); fails with <paramref name="what"/> on timeout.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (!await condition())
        {
            if (cts.IsCancellationRequested)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0.#} s waiting for: {what}");
            }
            await Task.Delay(100, CancellationToken.None);
        }
    }
}

public static class Observe
{
    /// <summary>Polls that a condition holds throughout <paramref name="window"/>; fails as soon as it does not.</summary>
    public static async Task StaysTrueAsync(Func<Task<bool>> condition, TimeSpan window, string what)
    {
        var until = DateTimeOffset.UtcNow + window;
        while (DateTimeOffset.UtcNow < until)
        {
            Assert.True(await condition(), what);
            await Task.Delay(200);
        }
    }
}
