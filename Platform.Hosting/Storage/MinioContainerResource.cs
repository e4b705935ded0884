using Aspire.Hosting.ApplicationModel;

namespace Platform.Hosting.Storage;

/// <summary>
/// MinIO in a container (the <c>--containers</c> mode), with the same connection string as
/// <see cref="NativeS3Resource"/>: <c>Endpoint=...;AccessKey=...;SecretKey=...</c>.
/// </summary>
public sealed class MinioContainerResource(string name, ParameterResource password) : ContainerResource(name), IResourceWithConnectionString
{
    internal const string PrimaryEndpointName = "http";
    internal const string RootUser = "platform";

    public EndpointReference PrimaryEndpoint => field ??= new(this, PrimaryEndpointName);

    public ParameterResource PasswordParameter { get; } = password;

    internal ReferenceExpression EndpointExpression =>
        ReferenceExpression.Create($"http://{PrimaryEndpoint.Property(EndpointProperty.Host)}:{PrimaryEndpoint.Property(EndpointProperty.Port)}");

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"Endpoint={EndpointExpression};AccessKey={RootUser};SecretKey={PasswordParameter}");

    IEnumerable<KeyValuePair<string, ReferenceExpression>> IResourceWithConnectionString.GetConnectionProperties() =>
        S3ConnectionProperties.For(EndpointExpression, ReferenceExpression.Create($"{RootUser}"), ReferenceExpression.Create($"{PasswordParameter}"));
}
