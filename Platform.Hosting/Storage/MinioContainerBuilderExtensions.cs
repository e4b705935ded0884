using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Platform.Hosting.Storage;

/// <summary><c>AddMinioContainer</c>: the container twin of <c>AddNativeS3</c> for machines with Docker.</summary>
public static class MinioContainerBuilderExtensions
{
    public const string Image = "minio/minio";
    public const string Tag = "RELEASE.2025-09-07T16-13-09Z";

    public static IResourceBuilder<MinioContainerResource> AddMinioContainer(this IDistributedApplicationBuilder builder, [ResourceName] string name, int? port = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var password = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password", special: false);
        var resource = new MinioContainerResource(name, password);
        return builder.AddResource(resource)
            .WithImage(Image, Tag)
            .WithHttpEndpoint(port: port, targetPort: 9000, name: MinioContainerResource.PrimaryEndpointName)
            .WithEnvironment("MINIO_ROOT_USER", MinioContainerResource.RootUser)
            .WithEnvironment("MINIO_ROOT_PASSWORD", password)
            .WithArgs("server", "/data")
            .WithHttpHealthCheck("/minio/health/live");
    }

    /// <summary>Keeps the objects in a named volume.</summary>
    public static IResourceBuilder<MinioContainerResource> WithDataVolume(this IResourceBuilder<MinioContainerResource> builder, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithVolume(name ?? VolumeNameGenerator.Generate(builder, "data"), "/data");
    }
}
