using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.Core.Storage;

namespace Microsoft.Extensions.DependencyInjection;

public static class ObjectStoreServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="IObjectStore"/> on the <c>IMinioClient</c> registered by <c>builder.AddMinioClient("storage")</c>,
    /// <see cref="StorageOptions"/> from section <c>Storage</c>, and the bucket created at start.
    /// </summary>
    public static IServiceCollection AddObjectStore(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IObjectStore, MinioObjectStore>();
        services.AddHostedService<BucketInitializer>();
        return services;
    }
}
