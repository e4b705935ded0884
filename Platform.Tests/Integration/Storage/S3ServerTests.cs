using System.Diagnostics;
using System.Net;
using Platform.Hosting.Storage;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Integration.Storage;

[Trait(Category.Name, Category.Integration)]
public sealed class S3ServerTests
{
    [Fact]
    public async Task S3rver_starts_on_a_free_port_with_the_configured_bucket_and_a_storage_connection_string()
    {
        await using var server = await S3Server.StartAsync(new S3ServerOptions { Kind = S3ServerKind.S3rver, Bucket = "configured" });

        Assert.Equal(S3ServerKind.S3rver, server.Kind);
        Assert.Equal($"Endpoint=http://127.0.0.1:{server.Port};AccessKey=S3RVER;SecretKey=S3RVER", server.ConnectionString);
        Assert.True(Directory.Exists(Path.Combine(server.DataDirectory, "configured")));
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(server.Endpoint, "/configured?list-type=2"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispose_stops_the_process_and_removes_its_temporary_data_directory()
    {
        var server = await S3Server.StartAsync(new S3ServerOptions { Kind = S3ServerKind.S3rver });
        using var process = Process.GetProcessById(server.ProcessId);

        await server.DisposeAsync();

        Assert.True(process.HasExited);
        Assert.False(Directory.Exists(server.DataDirectory));
    }

    [Fact]
    public async Task A_given_data_directory_keeps_its_objects_across_a_restart()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"platform-tests-s3-{Guid.NewGuid():N}");
        try
        {
            await using (var first = await S3Server.StartAsync(new S3ServerOptions { Kind = S3ServerKind.S3rver, DataDirectory = directory }))
            {
                using var http = new HttpClient();
                (await http.PutAsync(new Uri(first.Endpoint, "/platform/kept.txt"), new StringContent("kept"))).EnsureSuccessStatusCode();
            }
            await using var second = await S3Server.StartAsync(new S3ServerOptions { Kind = S3ServerKind.S3rver, DataDirectory = directory });
            using var client = new HttpClient();

            Assert.Equal("kept", await client.GetStringAsync(new Uri(second.Endpoint, "/platform/kept.txt")));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
