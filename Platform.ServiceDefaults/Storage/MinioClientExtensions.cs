using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Minio;
using Platform.ServiceDefaults.Storage;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The client side of the <c>storage</c> resource, named and shaped after the CommunityToolkit
/// MinIO client integration (not served to this project), so swapping it in is a using-line change.
/// </summary>
public static class MinioClientExtensions
{
    public const string DefaultConfigSectionName = "Aspire:Minio:Client";

    /// <summary>
    /// Registers a singleton <see cref="IMinioClient"/> for <c>ConnectionStrings:{connectionName}</c>, whose
    /// requests go through the IHttpClientFactory client named <paramref name="connectionName"/> (client spans,
    /// and the <see cref="StorageResilience"/> pipeline instead of the defaults' one), <see cref="MinioClientSettings"/>,
    /// and a health check of that name.
    /// </summary>
    public static TBuilder AddMinioClient<TBuilder>(this TBuilder builder, string connectionName, Action<MinioClientSettings>? configureSettings = null)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionName);
        // Settings are read when first resolved, so configuration added after this call (a test
        // host's overrides) still counts, and a missing connection string fails only where storage is used.
        builder.Services.AddSingleton(services => ReadSettings(services.GetRequiredService<IConfiguration>(), connectionName, configureSettings));
        // Replacing the defaults' pipeline for one client is what RemoveAllResilienceHandlers is for (still marked
        // experimental in Microsoft.Extensions.Http.Resilience 10.x).
#pragma warning disable EXTEXP0001
        builder.Services.AddHttpClient(connectionName)
            .RemoveAllResilienceHandlers()
            .AddStandardResilienceHandler(StorageResilience.Configure);
#pragma warning restore EXTEXP0001
        builder.Services.AddSingleton(services =>
            MinioClientBuilder.Build(services.GetRequiredService<MinioClientSettings>(), services.GetRequiredService<IHttpClientFactory>()));

        var registration = new MinioClientSettings();
        builder.Configuration.GetSection(DefaultConfigSectionName).Bind(registration);
        configureSettings?.Invoke(registration);
        if (!registration.DisableHealthChecks)
        {
            builder.Services.AddHealthChecks().AddCheck<MinioHealthCheck>(connectionName);
        }
        return builder;
    }

    private static MinioClientSettings ReadSettings(IConfiguration configuration, string connectionName, Action<MinioClientSettings>? configureSettings)
    {
        var settings = new MinioClientSettings { HttpClientName = connectionName };
        configuration.GetSection(DefaultConfigSectionName).Bind(settings);
        if (configuration.GetConnectionString(connectionName) is { Length: > 0 } connectionString)
        {
            settings.ParseConnectionString(connectionString);
        }
        configureSettings?.Invoke(settings);
        if (settings.Endpoint is null || string.IsNullOrEmpty(settings.AccessKey) || string.IsNullOrEmpty(settings.SecretKey))
        {
            throw new InvalidOperationException(
                $"Storage is not configured: set ConnectionStrings:{connectionName} to 'Endpoint=http://host:port;AccessKey=...;SecretKey=...'.");
        }
        return settings;
    }
}
