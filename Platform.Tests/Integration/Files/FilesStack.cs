using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Minio;
using Npgsql;
using Platform.Core.Files;
using Platform.Core.Storage;
using Platform.Hosting.Storage;
using Platform.Tests.Integration.Api;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Integration.Files;

/// <summary>The API stack (real auth, PostgreSQL, s3rver) with helpers to look behind the API: rows and objects.</summary>
public class FilesStack : ApiStack
{
    /// <summary>The Minio SDK client the API itself uses, to check what the S3 server really holds.</summary>
    public IMinioClient Minio => Api.Services.GetRequiredService<IMinioClient>();

    public IObjectStore ObjectStore => Api.Services.GetRequiredService<IObjectStore>();

    /// <summary>Every object key in this stack's bucket under <paramref name="prefix"/>.</summary>
    public async Task<List<string>> ObjectKeysAsync(string prefix = "")
    {
        var keys = new List<string>();
        await foreach (var stored in ObjectStore.ListAsync(prefix))
        {
            keys.Add(stored.Key);
        }
        return keys;
    }

    /// <summary>The user's rows in <c>files</c> (acting for itself), with this status when given.</summary>
    public async Task<long> CountRowsAsync(Guid userId, string? status = null)
    {
        await using var connection = new NpgsqlConnection(PlatformDbConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM files WHERE tenant_id = $1 AND ($2::text IS NULL OR status = $2)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = $"user:{userId}" });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)status ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Runs the orphan sweep as the timer (or a job) would, treating uploads begun before <paramref name="staleBefore"/> as abandoned.</summary>
    public async Task<FileSweepResult> SweepAsync(DateTimeOffset staleBefore)
    {
        await using var scope = Api.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<FileSweeper>().SweepAsync(staleBefore, CancellationToken.None);
    }
}

/// <summary>Uploads above <see cref="Limit"/> bytes are refused.</summary>
public sealed class SmallLimitFilesStack : FilesStack
{
    public const long Limit = 1024 * 1024;

    protected override IDictionary<string, string?> ExtraApiSettings => new Dictionary<string, string?>
    {
        ["Storage:MaxUploadBytes"] = Limit.ToString(CultureInfo.InvariantCulture),
    };
}

/// <summary>
/// The API's clock runs two minutes behind and download URLs last a minute: every URL it presigns has already
/// expired by the S3 server's (real) clock, while JWTs stay within their five-minute skew.
/// </summary>
public sealed class ExpiredUrlFilesStack : FilesStack
{
    private readonly ShiftableClock _clock = new(TimeSpan.FromMinutes(-2));

    public override ShiftableClock? ApiClock => _clock;

    protected override IDictionary<string, string?> ExtraApiSettings => new Dictionary<string, string?>
    {
        ["Files:DownloadUrlLifetime"] = "00:01:00",
    };
}

/// <summary>A stack with an S3 server of its own, so a test can stop it.</summary>
public sealed class OwnStorageFilesStack : FilesStack
{
    private S3Server? _server;

    protected override async Task<S3Server> StartStorageAsync() =>
        _server = await S3Server.StartAsync(new S3ServerOptions { Kind = S3ServerKind.S3rver });

    /// <summary>Stops the server (SIGTERM): its port closes, as when storage is gone. s3rver also exits with the test run.</summary>
    public async Task StopStorageAsync() => await _server!.StopAsync();
}
