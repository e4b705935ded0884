using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Platform.Hosting.Postgres;
using Platform.Hosting.Storage;

namespace Platform.AppHost;

/// <summary>The data resources of DESIGN §1, from native binaries (default) or from containers (<c>--containers</c>).</summary>
internal sealed record PlatformData(
    IResourceBuilder<IResourceWithConnectionString> AuthDb,
    IResourceBuilder<IResourceWithConnectionString> PlatformDb,
    IResourceBuilder<IResourceWithConnectionString> Storage);

internal static class PlatformResourceExtensions
{
    public const string ContainersKey = "Platform:Containers";
    public const string RotateSigningKeysCommand = "rotate-signing-keys";

    /// <summary><c>postgres</c> with <c>authdb</c> and <c>platformdb</c>, and <c>storage</c>: the same names and variables either way.</summary>
    public static PlatformData AddPlatformData(this IDistributedApplicationBuilder builder)
    {
        if (builder.Configuration.GetValue<bool>(ContainersKey))
        {
            var server = builder.AddPostgres("postgres").WithDataVolume();
            return new(server.AddDatabase("authdb"), server.AddDatabase("platformdb"), builder.AddMinioContainer("storage").WithDataVolume());
        }
        var postgres = builder.AddNativePostgres("postgres").WithDataDirectory().WithResetDataCommand();
        return new(postgres.AddDatabase("authdb"), postgres.AddDatabase("platformdb"), builder.AddNativeS3("storage").WithDataDirectory());
    }

    /// <summary><c>Platform:Replicas:NAME</c> (or <c>--replicas NAME=N</c>) instances of the project; one by default.</summary>
    public static IResourceBuilder<ProjectResource> WithConfiguredReplicas(this IResourceBuilder<ProjectResource> builder)
    {
        var replicas = builder.ApplicationBuilder.Configuration.GetValue<int?>($"Platform:Replicas:{builder.Resource.Name}") ?? 1;
        return replicas > 1 ? builder.WithReplicas(replicas) : builder;
    }

    /// <summary>The internal token, as each service reads it (<c>Auth:InternalToken</c>).</summary>
    public static IResourceBuilder<ProjectResource> WithInternalToken(this IResourceBuilder<ProjectResource> builder, IResourceBuilder<ParameterResource> token) =>
        builder.WithEnvironment("Auth__InternalToken", token);

    /// <summary>A dashboard button on auth: rotate the JWT signing keys now (auth's admin endpoint, with the internal token).</summary>
    public static IResourceBuilder<ProjectResource> WithRotateSigningKeysCommand(this IResourceBuilder<ProjectResource> builder, IResourceBuilder<ParameterResource> token) =>
        builder.WithHttpCommand("/api/auth/admin/keys/rotate", "Rotate signing keys", commandName: RotateSigningKeysCommand, commandOptions: new HttpCommandOptions
        {
            Method = HttpMethod.Post,
            Description = "Create a new signing key; the old one stays in the JWKS until its tokens expire.",
            IconName = "KeyReset",
            PrepareRequest = async context => context.Request.Headers.Add("X-Internal-Token", await token.Resource.GetValueAsync(context.CancellationToken)),
        });

    /// <summary>An extra dashboard link to <paramref name="path"/> on the project's http endpoint.</summary>
    public static IResourceBuilder<ProjectResource> WithPathUrl(this IResourceBuilder<ProjectResource> builder, string path, string displayText) =>
        builder.WithUrls(context =>
        {
            if (context.Urls.FirstOrDefault(u => u.Endpoint?.EndpointName == "http") is { } http)
            {
                context.Urls.Add(new ResourceUrlAnnotation { Url = new Uri(new Uri(http.Url), path).ToString(), DisplayText = displayText, Endpoint = http.Endpoint });
            }
        });
}
