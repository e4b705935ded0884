using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Avatars;

namespace Platform.Core.Files;

public static class FileServiceCollectionExtensions
{
    /// <summary>
    /// Files and avatars over <see cref="Storage.IObjectStore"/> (register it with <c>AddObjectStore()</c>) and
    /// <see cref="Data.PlatformDbContext"/>; <see cref="FilesOptions"/> from section <c>Files</c>.
    /// </summary>
    public static IServiceCollection AddFileServices(this IServiceCollection services)
    {
        services.AddOptions<FilesOptions>()
            .BindConfiguration(FilesOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddScoped<FileService>();
        services.AddScoped<FileSweeper>();
        services.AddSingleton<AvatarService>();
        return services;
    }
}
