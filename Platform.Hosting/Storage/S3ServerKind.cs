namespace Platform.Hosting.Storage;

/// <summary>Which S3 server program <see cref="S3Server"/> runs.</summary>
public enum S3ServerKind
{
    /// <summary>MinIO when a <c>minio</c> binary is on PATH, otherwise s3rver.</summary>
    Auto,

    /// <summary>The npm package s3rver 3.7.1 with the project's fixes (tools/s3rver).</summary>
    S3rver,

    /// <summary>A <c>minio</c> binary from PATH.</summary>
    Minio,
}
