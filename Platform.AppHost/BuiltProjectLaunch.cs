using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Lifecycle;
using Microsoft.Extensions.Configuration;

namespace Platform.AppHost;

/// <summary>
/// Starts each project resource from its built executable instead of <c>dotnet run --no-build</c>. The SDK's
/// <c>dotnet run</c> costs about 2 s and 1–2.5 CPU seconds per service before the service's own process starts
/// (bench/results/apphost-coldstart.md), and the AppHost's build has already built every referenced project.
/// Aspire's own launch plan honours an <see cref="ExecutableAnnotation"/> on a project resource, so the launch
/// profile, environment, endpoints and replicas stay Aspire's. Left alone when the executable is missing (then
/// Aspire's <c>dotnet run</c> builds nothing new but still works), under <c>dotnet watch</c>, and when an IDE
/// launches the projects (<c>DEBUG_SESSION_PORT</c>), so debugging keeps working.
/// </summary>
internal static class BuiltProjectLaunch
{
    public static IDistributedApplicationBuilder LaunchBuiltProjects(this IDistributedApplicationBuilder builder)
    {
        if (builder.Configuration.GetValue<bool>("DOTNET_WATCH") || !string.IsNullOrEmpty(builder.Configuration["DEBUG_SESSION_PORT"]))
        {
            return builder;
        }
        // Every project is built the way the AppHost was: bin/<configuration>/<target framework>. (Not the AppHost's own
        // folder: under Aspire.Hosting.Testing that is the test project's output, which holds copies of the services.)
        if (OutputFolder() is not { } outputFolder)
        {
            return builder;
        }
        var dotnetRoot = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        builder.Eventing.Subscribe<BeforeStartEvent>((@event, _) =>
        {
            foreach (var project in @event.Model.Resources.OfType<ProjectResource>())
            {
                if (project.HasAnnotationOfType<ExecutableAnnotation>())
                {
                    continue;
                }
                var metadata = project.GetProjectMetadata();
                var projectDirectory = Path.GetDirectoryName(metadata.ProjectPath)!;
                var executable = Path.Combine(projectDirectory, outputFolder,
                    Path.GetFileNameWithoutExtension(metadata.ProjectPath) + (OperatingSystem.IsWindows() ? ".exe" : ""));
                if (!File.Exists(executable))
                {
                    continue;
                }
                project.Annotations.Add(new ExecutableAnnotation { Command = executable, WorkingDirectory = projectDirectory });
                // dotnet run tells the app where the runtime is; the bare executable needs the same hint.
                project.Annotations.Add(new EnvironmentCallbackAnnotation((Action<Dictionary<string, object>>)(env => env.TryAdd("DOTNET_ROOT", dotnetRoot))));
            }
            return Task.CompletedTask;
        });
        return builder;
    }

    private static string? OutputFolder()
    {
        var assembly = typeof(BuiltProjectLaunch).Assembly;
        var configuration = assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration;
        // ".NETCoreApp,Version=v10.0" → "net10.0"
        var framework = assembly.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName.Split("Version=v") is [".NETCoreApp,", var version]
            ? "net" + version
            : null;
        return string.IsNullOrEmpty(configuration) || framework is null ? null : Path.Combine("bin", configuration, framework);
    }
}
