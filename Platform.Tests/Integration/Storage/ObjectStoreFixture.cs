using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Minio;
using Platform.Core.Storage;
using Platform.Hosting.Storage;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Integration.Storage;

/// <summary>
/// A host wired as Platform's services are (AddServiceDefaults, AddMinioClient("storage"), AddObjectStore)
/// against the run's shared s3rver, with a bucket of its own that the bucket initializer creates at start.
/// </summary>
public sealed class ObjectStoreFixture : IAsyncLifetime
{
    private IHost? _host;

    public string Bucket { get; } = TestS3.NewBucketName();
    public S3Server Server { get; private set; } = null!;
    public IServiceProvider Services => _host!.Services;
    public IObjectStore Store => Services.GetRequiredService<IObjectStore>();
    public IMinioClient Minio => Services.GetRequiredService<IMinioClient>();

    /// <summary>No credentials, no handlers: what a browser holding a presigned URL has.</summary>
    public HttpClient Anonymous { get; } = new();

    public async Task InitializeAsync()
    {
        Server = await TestS3.GetServerAsync();
        _host = await StartHostAsync(Server.ConnectionString, Bucket);
    }

    public static async Task<IHost> StartHostAsync(string connectionString, string bucket, TimeProvider? clock = null,
        IDictionary<string, string?>? settings = null, bool serviceDefaults = true)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:storage"] = connectionString,
            ["Storage:Bucket"] = bucket,
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        if (serviceDefaults)
        {
            builder.AddServiceDefaults();
        }
        builder.AddMinioClient("storage");
        if (clock is not null)
        {
            builder.Services.AddSingleton(clock);
        }
        builder.Services.AddObjectStore();
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    public async Task DisposeAsync()
    {
        Anonymous.Dispose();
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }
    }
}
