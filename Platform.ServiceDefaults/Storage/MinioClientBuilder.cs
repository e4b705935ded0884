using Minio;

namespace Platform.ServiceDefaults.Storage;

public static class MinioClientBuilder
{
    /// <summary>
    /// A client for <paramref name="endpoint"/> (default: the settings' endpoint) with the settings'
    /// credentials and region, sending through the settings' IHttpClientFactory client.
    /// </summary>
    public static IMinioClient Build(MinioClientSettings settings, IHttpClientFactory httpClientFactory, Uri? endpoint = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        var address = endpoint ?? settings.Endpoint ?? throw new InvalidOperationException("No storage endpoint configured.");
        // The SDK takes host and port with a separate TLS switch; given a URL it would still default to https.
        return new MinioClient()
            .WithEndpoint(address.Host, address.Port)
            .WithSSL(address.Scheme == Uri.UriSchemeHttps)
            .WithCredentials(settings.AccessKey, settings.SecretKey)
            .WithRegion(settings.Region)
            .WithHttpClient(httpClientFactory.CreateClient(settings.HttpClientName), disposeHttpClient: false)
            .Build();
    }
}
