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
    public async Task Dispose_stops_the_process_with_SIGTERM_and_removes_its_temporary_data_directory()
    {
        var server = await S3Server.StartAsync(new S3ServerOptions { Kind = S3ServerKind.S3rver });
        using var process = Process.GetProcessById(server.ProcessId);

        await server.DisposeAsync();

        Assert.True(process.HasExited);
        Assert.Equal(128 + 15, server.ExitCode); // terminated by SIGTERM, not killed
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

    [Fact]
    public async Task S3rver_exits_by_itself_when_the_process_that_launched_it_is_gone()
    {
        // S3Server launches node with tools/s3rver/exit-with-parent.js preloaded and keeps the write end
        // of its stdin; a dead launcher (even SIGKILLed) closes that pipe. Closing it here is the same event.
        await TestS3.GetServerAsync(); // installs and patches tools/s3rver when needed
        var toolsDirectory = FindToolsDirectory();
        var directory = Path.Combine(Path.GetTempPath(), $"platform-tests-s3-{Guid.NewGuid():N}");
        var info = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            Environment = { ["S3RVER_EXIT_WITH_STDIN"] = "1" },
        };
        foreach (var argument in new[]
        {
            "-r", Path.Combine(toolsDirectory, "exit-with-parent.js"), Path.Combine(toolsDirectory, "node_modules", "s3rver", "bin", "s3rver.js"),
            "--directory", directory, "--address", "127.0.0.1", "--port", "0", "--silent",
        })
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info)!;
        try
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line && !line.StartsWith("S3rver listening", StringComparison.Ordinal))
            {
            }

            process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token);

            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string FindToolsDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Platform.sln")))
            {
                return Path.Combine(directory.FullName, "tools", "s3rver");
            }
        }
        throw new DirectoryNotFoundException("Platform.sln not found above the test binaries.");
    }
}
