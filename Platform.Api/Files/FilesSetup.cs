using Platform.Core.Files;

namespace Platform.Api.Files;

public static class FilesSetup
{
    /// <summary>
    /// Object storage (<c>ConnectionStrings:storage</c> through <c>AddMinioClient</c>, whose health check joins
    /// <c>/health</c>), the files and avatar services, and the orphan sweep timer.
    /// </summary>
    public static IHostApplicationBuilder AddFileStorage(this IHostApplicationBuilder builder)
    {
        builder.AddMinioClient("storage");
        builder.Services.AddObjectStore();
        builder.Services.AddFileServices();
        builder.Services.AddHostedService<FileSweepService>();
        return builder;
    }
}
