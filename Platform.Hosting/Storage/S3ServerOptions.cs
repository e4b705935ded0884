namespace Platform.Hosting.Storage;

public sealed class S3ServerOptions
{
    public S3ServerKind Kind { get; init; } = S3ServerKind.Auto;

    /// <summary>Where objects are kept; null makes a temporary directory that is deleted on dispose.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>TCP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Created at start by s3rver (<c>--configure-bucket</c>); MinIO leaves it to the client's bucket initializer.</summary>
    public string Bucket { get; init; } = "platform";

    /// <summary>The tools/s3rver folder; null finds it next to Platform.sln above <see cref="AppContext.BaseDirectory"/>.</summary>
    public string? ToolsDirectory { get; init; }

    /// <summary>MinIO's root user (MINIO_ROOT_USER); s3rver always uses S3RVER/S3RVER.</summary>
    public string MinioAccessKey { get; init; } = "platform";

    /// <summary>MinIO's root password (MINIO_ROOT_PASSWORD, at least 8 characters); null generates one per start.</summary>
    public string? MinioSecretKey { get; init; }

    /// <summary>Covers <c>npm ci</c> on first use as well as the server start.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>How long a SIGTERM gets before the process is killed.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
