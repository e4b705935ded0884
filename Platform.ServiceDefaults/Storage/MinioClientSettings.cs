using System.Data.Common;

namespace Platform.ServiceDefaults.Storage;

/// <summary>
/// How a service reaches its S3 server: from <c>ConnectionStrings__{name}</c>
/// (<c>Endpoint=http://host:port;AccessKey=...;SecretKey=...</c>, the CommunityToolkit MinIO format)
/// and the <c>Aspire:Minio:Client</c> section.
/// </summary>
public sealed class MinioClientSettings
{
    public Uri? Endpoint { get; set; }

    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    /// <summary>Fixed so the SDK never asks the server for a bucket's location (s3rver cannot answer).</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>The IHttpClientFactory client the SDK and presigned requests use; defaults to the connection name.</summary>
    public string HttpClientName { get; internal set; } = "";

    public bool DisableHealthChecks { get; set; }

    /// <summary>A storage health probe that takes longer than this counts as unhealthy.</summary>
    public TimeSpan HealthCheckTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Takes Endpoint, AccessKey and SecretKey from the connection string (keys are case-insensitive).</summary>
    public void ParseConnectionString(string connectionString)
    {
        var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (builder.TryGetValue("Endpoint", out var endpoint) && endpoint is string text)
        {
            Endpoint = Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                ? uri
                : throw new FormatException($"The storage connection string's Endpoint '{text}' is not an absolute http(s) URL.");
        }
        if (builder.TryGetValue("AccessKey", out var accessKey))
        {
            AccessKey = accessKey as string;
        }
        if (builder.TryGetValue("SecretKey", out var secretKey))
        {
            SecretKey = secretKey as string;
        }
    }
}
