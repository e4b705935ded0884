using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
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
    /// requests go through the IHttpClientFactory client named <paramref name="connectionName"/> (so it
    /// gets the service defaults' resilience handler and client spans), and a health check of that name.
    /// </summary>
    public static TBuilder AddMinioClient<TBuilder>(this TBuilder builder, string connectionName, Action<MinioClientSettings>? configureSettings = null)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionName);
        var settings = new MinioClientSettings { HttpClientName = connectionName };
        builder.Configuration.GetSection(DefaultConfigSectionName).Bind(settings);
        if (builder.Configuration.GetConnectionString(connectionName) is { Length: > 0 } connectionString)
        {
            settings.ParseConnectionString(connectionString);
        }
        configureSettings?.Invoke(settings);
        if (settings.Endpoint is null || string.IsNullOrEmpty(settings.AccessKey) || string.IsNullOrEmpty(settings.SecretKey))
        {
            throw new InvalidOperationException(
                $"Storage is not configured: set ConnectionStrings:{connectionName} to 'Endpoint=http://host:port;AccessKey=...;SecretKey=...'.");
        }

        builder.Services.AddSingleton(settings);
        builder.Services.AddHttpClient(settings.HttpClientName);
        builder.Services.AddSingleton(services => MinioClientBuilder.Build(settings, services.GetRequiredService<IHttpClientFactory>()));
        if (!settings.DisableHealthChecks)
        {
            builder.Services.AddHealthChecks().AddCheck<MinioHealthCheck>(connectionName);
        }
        return builder;
    }
}
