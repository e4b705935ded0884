using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Platform.Hosting.Aspire;
using Platform.Hosting.Processes;

namespace Platform.Hosting.Storage;

/// <summary>
/// <c>AddNativeS3</c>: an S3 server without a container. <c>minio</c> when it is on PATH (root user
/// <c>platform</c>, password a generated secret parameter), otherwise the project's s3rver (credentials
/// S3RVER/S3RVER), installed with <c>npm ci</c> and patched before each start.
/// </summary>
public static class NativeS3BuilderExtensions
{
    /// <summary>
    /// The developer run's port; the testing builder's runs take a free one. Below 32768, outside every OS's range of
    /// ephemeral ports: a fixed port inside it (54320/54330 before) can be held at that moment as the source port of
    /// some outgoing connection, and the server's bind fails with EADDRINUSE (seen in CI).
    /// </summary>
    public const int DefaultPort = 29000;

    public const string DefaultBucket = "platform";

    public const string MinioAccessKey = "platform";

    public static IResourceBuilder<NativeS3Resource> AddNativeS3(this IDistributedApplicationBuilder builder, [ResourceName] string name,
        int? port = null, S3ServerKind kind = S3ServerKind.Auto, string bucket = DefaultBucket)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var minio = S3Server.FindMinio();
        kind = kind != S3ServerKind.Auto ? kind : minio is null ? S3ServerKind.S3rver : S3ServerKind.Minio;
        var serverPort = port ?? (PlatformDataRoot.IsEphemeral(builder) ? FreePort.Find() : DefaultPort);
        var dataDirectory = PlatformDataRoot.DataDirectory(builder, name);

        var resource = kind == S3ServerKind.Minio
            ? CreateMinio(builder, name, minio ?? throw new InvalidOperationException("No minio binary on PATH (https://min.io/download)."), dataDirectory, bucket)
            : CreateS3rver(builder, name, dataDirectory, bucket);

        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthCheckKey,
            _ => new S3HealthCheck(ct => resource.EndpointExpression.GetValueAsync(ct), kind, bucket), HealthStatus.Unhealthy, tags: null));

        var resourceBuilder = builder.AddResource(resource)
            // Not proxied: a stopped server refuses connections instead of accepting and hanging them.
            .WithHttpEndpoint(port: serverPort, targetPort: serverPort, name: NativeS3Resource.PrimaryEndpointName, isProxied: false)
            .WithHealthCheck(healthCheckKey)
            .WithIconName("CloudArchive");

        return kind == S3ServerKind.Minio
            ? resourceBuilder
                .WithArgs(context =>
                {
                    context.Args.Add("server");
                    context.Args.Add(resource.DataDirectory);
                    context.Args.Add("--address");
                    context.Args.Add($"127.0.0.1:{serverPort.ToString(CultureInfo.InvariantCulture)}");
                    context.Args.Add("--quiet");
                })
                .WithEnvironment("MINIO_ROOT_USER", MinioAccessKey)
                .WithEnvironment("MINIO_ROOT_PASSWORD", resource.SecretKey)
                .WithEnvironment("MINIO_BROWSER", "off")
                .OnBeforeResourceStarted((server, _, _) =>
                {
                    // A top-level folder of a fresh single-drive MinIO is served as a bucket.
                    Directory.CreateDirectory(Path.Combine(server.DataDirectory, server.Bucket));
                    return Task.CompletedTask;
                })
            : resourceBuilder
                .WithArgs(context =>
                {
                    var tools = S3rverInstallation.FindToolsDirectory(ToolsDirectory(builder));
                    foreach (var argument in (string[])[
                        Path.Combine(tools, "node_modules", "s3rver", "bin", "s3rver.js"),
                        "--directory", resource.DataDirectory, "--address", "127.0.0.1", "--port", serverPort.ToString(CultureInfo.InvariantCulture),
                        "--silent", "--configure-bucket", resource.Bucket])
                    {
                        context.Args.Add(argument);
                    }
                })
                .OnBeforeResourceStarted(async (server, _, ct) =>
                {
                    Directory.CreateDirectory(server.DataDirectory);
                    // npm ci on first use, the project's fixes applied every time (idempotent).
                    await S3rverInstallation.EnsureInstalledAsync(S3rverInstallation.FindToolsDirectory(ToolsDirectory(builder)), ct);
                });
    }

    /// <summary>
    /// Keeps the objects in <paramref name="path"/>; default <c>.platform/data/NAME</c> at the repository
    /// root in a developer run, a temporary folder under the testing builder.
    /// </summary>
    public static IResourceBuilder<NativeS3Resource> WithDataDirectory(this IResourceBuilder<NativeS3Resource> builder, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (path is not null)
        {
            builder.Resource.DataDirectory = Path.GetFullPath(path, builder.ApplicationBuilder.AppHostDirectory);
        }
        return builder;
    }

    private static NativeS3Resource CreateS3rver(IDistributedApplicationBuilder builder, string name, string dataDirectory, string bucket) =>
        new(name, S3ServerKind.S3rver, "node", PlatformDataRoot.RepositoryRoot(builder.AppHostDirectory))
        {
            DataDirectory = dataDirectory,
            Bucket = bucket,
            AccessKey = ReferenceExpression.Create($"{S3Server.S3rverCredential}"),
            SecretKey = ReferenceExpression.Create($"{S3Server.S3rverCredential}"),
        };

    private static NativeS3Resource CreateMinio(IDistributedApplicationBuilder builder, string name, string binary, string dataDirectory, string bucket)
    {
        var password = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password", special: false);
        return new(name, S3ServerKind.Minio, binary, PlatformDataRoot.RepositoryRoot(builder.AppHostDirectory))
        {
            DataDirectory = dataDirectory,
            Bucket = bucket,
            AccessKey = ReferenceExpression.Create($"{MinioAccessKey}"),
            SecretKey = ReferenceExpression.Create($"{password}"),
        };
    }

    private static string ToolsDirectory(IDistributedApplicationBuilder builder) =>
        Path.Combine(PlatformDataRoot.RepositoryRoot(builder.AppHostDirectory), "tools", "s3rver");
}
