using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Minio;
using Platform.ServiceDefaults.Storage;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Unit.Storage;

[Trait(Category.Name, Category.Unit)]
public sealed class MinioClientSettingsTests
{
    [Fact]
    public void The_storage_connection_string_gives_endpoint_and_credentials()
    {
        var settings = new MinioClientSettings();

        settings.ParseConnectionString("Endpoint=http://127.0.0.1:9000;AccessKey=S3RVER;SecretKey=S3RVER");

        Assert.Equal(new Uri("http://127.0.0.1:9000"), settings.Endpoint);
        Assert.Equal("S3RVER", settings.AccessKey);
        Assert.Equal("S3RVER", settings.SecretKey);
    }

    [Fact]
    public void Connection_string_keys_are_case_insensitive_and_values_may_be_quoted()
    {
        var settings = new MinioClientSettings();

        settings.ParseConnectionString("endpoint=https://s3.example.com;accesskey=AK;secretkey=\"a;b=c\"");

        Assert.Equal(new Uri("https://s3.example.com"), settings.Endpoint);
        Assert.Equal("AK", settings.AccessKey);
        Assert.Equal("a;b=c", settings.SecretKey);
    }

    [Theory]
    [InlineData("Endpoint=127.0.0.1:9000;AccessKey=a;SecretKey=b")]
    [InlineData("Endpoint=ftp://host;AccessKey=a;SecretKey=b")]
    public void An_endpoint_that_is_not_an_http_url_is_refused(string connectionString)
    {
        Assert.Throws<FormatException>(() => new MinioClientSettings().ParseConnectionString(connectionString));
    }

    [Fact]
    public void Without_a_connection_string_resolving_the_client_names_the_missing_setting()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.AddMinioClient("storage");
        using var host = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => host.Services.GetRequiredService<IMinioClient>());

        Assert.Contains("ConnectionStrings:storage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Configuration_added_after_AddMinioClient_is_used()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.AddMinioClient("storage");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:storage"] = "Endpoint=http://127.0.0.1:9000;AccessKey=a;SecretKey=b",
        });
        using var host = builder.Build();

        var settings = host.Services.GetRequiredService<MinioClientSettings>();

        Assert.Equal(9000, settings.Endpoint?.Port);
        Assert.Equal("storage", settings.HttpClientName);
    }
}
