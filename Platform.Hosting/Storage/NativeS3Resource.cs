using Aspire.Hosting.ApplicationModel;

namespace Platform.Hosting.Storage;

/// <summary>
/// An S3-compatible object store run as an Aspire executable resource without a container: a
/// <c>minio</c> binary from PATH, else the project's patched s3rver (tools/s3rver) on Node.js.
/// Its connection string is the CommunityToolkit MinIO client's: <c>Endpoint=...;AccessKey=...;SecretKey=...</c>.
/// </summary>
public sealed class NativeS3Resource(string name, S3ServerKind kind, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    internal const string PrimaryEndpointName = "http";

    public S3ServerKind Kind { get; } = kind;

    public EndpointReference PrimaryEndpoint => field ??= new(this, PrimaryEndpointName);

    /// <summary>Where objects are kept; set by <c>WithDataDirectory</c>.</summary>
    public required string DataDirectory { get; set; }

    /// <summary>The bucket created when the server starts (DESIGN §1: <c>platform</c>).</summary>
    public required string Bucket { get; init; }

    public required ReferenceExpression AccessKey { get; init; }

    public required ReferenceExpression SecretKey { get; init; }

    internal ReferenceExpression EndpointExpression =>
        ReferenceExpression.Create($"http://{PrimaryEndpoint.Property(EndpointProperty.IPV4Host)}:{PrimaryEndpoint.Property(EndpointProperty.Port)}");

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"Endpoint={EndpointExpression};AccessKey={AccessKey};SecretKey={SecretKey}");

    IEnumerable<KeyValuePair<string, ReferenceExpression>> IResourceWithConnectionString.GetConnectionProperties() =>
        S3ConnectionProperties.For(EndpointExpression, AccessKey, SecretKey);
}

/// <summary>The connection properties both S3 resources (native and container) expose, so services see the same variables.</summary>
internal static class S3ConnectionProperties
{
    public static IEnumerable<KeyValuePair<string, ReferenceExpression>> For(ReferenceExpression endpoint, ReferenceExpression accessKey, ReferenceExpression secretKey) =>
    [
        new("Endpoint", endpoint),
        new("AccessKey", accessKey),
        new("SecretKey", secretKey),
    ];
}
