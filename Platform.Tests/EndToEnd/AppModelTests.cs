using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Platform.Hosting.Postgres;
using Platform.Hosting.Storage;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.EndToEnd;

/// <summary>
/// The AppHost's model, built but not started: the native mode and <c>--containers</c> (which needs Docker,
/// absent here) must give every service the same resources and the same environment variable names.
/// </summary>
[Trait(Category.Name, Category.EndToEnd)]
public sealed class AppModelTests
{
    private static readonly string[] Services = ["auth", "api", "worker", "web"];

    [Fact]
    public async Task Containers_mode_has_the_same_resources_and_environment_variable_names_as_the_native_mode()
    {
        var native = await DescribeAsync([]);
        var containers = await DescribeAsync(["--containers"]);

        Assert.Equal(native.Resources, containers.Resources);
        foreach (var service in Services)
        {
            Assert.True(native.Environment[service].SequenceEqual(containers.Environment[service]),
                $"{service}: native only [{string.Join(", ", native.Environment[service].Except(containers.Environment[service]))}], " +
                $"containers only [{string.Join(", ", containers.Environment[service].Except(native.Environment[service]))}]");
        }
    }

    [Fact]
    public async Task Services_get_the_connection_strings_service_discovery_and_internal_token_of_DESIGN_section_2()
    {
        var model = await DescribeAsync([]);

        Assert.Equal(["api", "auth", "authdb", "platformdb", "postgres", "storage", "web", "worker"], model.Resources);
        Assert.Contains("ConnectionStrings__authdb", model.Environment["auth"]);
        Assert.Contains("Auth__InternalToken", model.Environment["auth"]);
        Assert.Contains("ConnectionStrings__platformdb", model.Environment["api"]);
        Assert.Contains("ConnectionStrings__storage", model.Environment["api"]);
        Assert.Contains("services__auth__http__0", model.Environment["api"]);
        Assert.Contains("Auth__InternalToken", model.Environment["api"]);
        Assert.Contains("ConnectionStrings__platformdb", model.Environment["worker"]);
        Assert.Contains("services__api__http__0", model.Environment["web"]);
        Assert.Contains("services__auth__http__0", model.Environment["web"]);
        Assert.DoesNotContain("ConnectionStrings__authdb", model.Environment["api"]);
        Assert.All(Services, s => Assert.Contains("OTEL_EXPORTER_OTLP_ENDPOINT", model.Environment[s]));
    }

    [Fact]
    public async Task Two_apps_in_one_process_get_data_directories_of_their_own()
    {
        await using var first = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Platform_AppHost>();
        await using var second = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Platform_AppHost>();
        var a = first.Resources.OfType<NativePostgresResource>().Single().DataDirectory;
        var b = second.Resources.OfType<NativePostgresResource>().Single().DataDirectory;

        // Sharing one would let the second app's start-up clean-up stop the first app's PostgreSQL.
        Assert.NotEqual(a, b);
        Assert.Equal(Path.GetDirectoryName(a), Path.GetDirectoryName(first.Resources.OfType<NativeS3Resource>().Single().DataDirectory));
    }

    [Fact]
    public async Task Replicas_come_from_the_command_line()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Platform_AppHost>(["--replicas", "api=2,worker=3"]);
        var replicas = builder.Resources.ToDictionary(r => r.Name, r => r.Annotations.OfType<ReplicaAnnotation>().SingleOrDefault()?.Replicas ?? 1);

        Assert.Equal(2, replicas["api"]);
        Assert.Equal(3, replicas["worker"]);
        Assert.Equal(1, replicas["auth"]);
    }

    private sealed record Model(IReadOnlyList<string> Resources, IReadOnlyDictionary<string, IReadOnlyList<string>> Environment);

    private static async Task<Model> DescribeAsync(string[] args)
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Platform_AppHost>(args);
        var resources = builder.Resources
            // Parameters differ by design (MinIO and PostgreSQL containers have passwords); rebuilders are hidden helpers.
            .Where(r => r is not ParameterResource && !r.Name.EndsWith("-rebuilder", StringComparison.Ordinal))
            .Select(r => r.Name)
            .Order(StringComparer.Ordinal)
            .ToList();
        var environment = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var resource in builder.Resources.OfType<ProjectResource>())
        {
            var variables = new Dictionary<string, object>();
            var context = new EnvironmentCallbackContext(builder.ExecutionContext, resource, variables);
            foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
            {
                await callback.Callback(context);
            }
            environment[resource.Name] = [.. variables.Keys.Order(StringComparer.Ordinal)];
        }
        return new Model(resources, environment);
    }
}
