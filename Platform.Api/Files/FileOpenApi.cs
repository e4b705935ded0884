using Microsoft.OpenApi;

namespace Platform.Api.Files;

/// <summary>
/// What the OpenAPI generator cannot see in the files endpoints, which read and write raw streams: the multipart
/// request with its <c>file</c> part, binary bodies, and the problem answers they give.
/// </summary>
internal static class FileOpenApi
{
    /// <summary>
    /// The body is <c>multipart/form-data</c> with a binary part named <c>file</c> (the name is the display name).
    /// Without <paramref name="rawContentTypes"/> nothing else is accepted: other bodies get 415 from routing.
    /// </summary>
    public static RouteHandlerBuilder AcceptsMultipartFile(this RouteHandlerBuilder endpoint, params string[] rawContentTypes) =>
        (rawContentTypes.Length == 0 ? endpoint.Accepts<IFormFile>("multipart/form-data") : endpoint)
        .AddOpenApiOperationTransformer((operation, _, _) =>
        {
            var content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
            {
                ["multipart/form-data"] = new()
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Required = new HashSet<string>(StringComparer.Ordinal) { MultipartUpload.FileField },
                        Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
                        {
                            [MultipartUpload.FileField] = Binary(),
                        },
                    },
                },
            };
            foreach (var type in rawContentTypes)
            {
                content[type] = new OpenApiMediaType { Schema = Binary() };
            }
            operation.RequestBody = new OpenApiRequestBody { Required = true, Content = content };
            return Task.CompletedTask;
        });

    /// <summary>A binary response body with <paramref name="statusCode"/> in each of <paramref name="contentTypes"/>.</summary>
    public static RouteHandlerBuilder ProducesBinary(this RouteHandlerBuilder endpoint, int statusCode, string description, params string[] contentTypes) =>
        endpoint.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Responses ??= [];
            operation.Responses[statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new OpenApiResponse
            {
                Description = description,
                Content = contentTypes.ToDictionary(type => type, _ => new OpenApiMediaType { Schema = Binary() }, StringComparer.Ordinal),
            };
            return Task.CompletedTask;
        });

    /// <summary>A bodiless answer such as 304.</summary>
    public static RouteHandlerBuilder ProducesEmpty(this RouteHandlerBuilder endpoint, int statusCode, string description) =>
        endpoint.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Responses ??= [];
            operation.Responses[statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new OpenApiResponse { Description = description };
            return Task.CompletedTask;
        });

    private static OpenApiSchema Binary() => new() { Type = JsonSchemaType.String, Format = "binary" };
}
