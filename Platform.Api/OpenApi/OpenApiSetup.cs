using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Platform.Api.Authentication;
using Platform.Api.Http;
using Scalar.AspNetCore;

namespace Platform.Api.OpenApi;

public static class OpenApiSetup
{
    public const string BearerScheme = "Bearer";
    public const string ApiKeyScheme = "ApiKey";

    public static IHostApplicationBuilder AddApiDocumentation(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(options =>
        {
            // 3.0 rather than 3.1: every client generator (NSwag, Kiota, openapi-generator) reads it.
            options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_0;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Platform API";
                document.Info.Description = "Tasks, files and jobs. Authenticate with a JWT from the auth service or an X-API-Key.";
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "An EdDSA access token from GET /api/auth/token of the auth service.",
                };
                document.Components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = ApiKeyAuthenticationHandler.HeaderName,
                    Description = "An API key (pk_...) created in the auth service; limited to its permissions.",
                };
                return Task.CompletedTask;
            });
            // String enums (status) say so: generators then send "in_progress", not 1.
            options.AddSchemaTransformer((schema, context, _) =>
            {
                var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
                if (type.IsEnum && schema.Enum is { Count: > 0 })
                {
                    schema.Type = JsonSchemaType.String | (schema.Type ?? 0) & JsonSchemaType.Null;
                }
                // Numbers are written as numbers. The web JSON defaults also read "123", which the generator shows as
                // type [integer, string] + pattern (anyOf in 3.0), and generators then make a wrapper type instead of long.
                if (schema.Pattern is not null && schema.Type is { } types
                    && types.HasFlag(JsonSchemaType.String) && (types & (JsonSchemaType.Integer | JsonSchemaType.Number)) != 0)
                {
                    schema.Type = types & ~JsonSchemaType.String;
                    schema.Pattern = null;
                }
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                var secured = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
                if (secured)
                {
                    var document = context.Document;
                    operation.Security =
                    [
                        new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] },
                        new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, document)] = [] },
                    ];
                    var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).OfType<string>().ToList();
                    if (policies.Count > 0)
                    {
                        operation.Description = $"Requires permission: {string.Join(", ", policies)}.";
                    }
                }

                DescribeListParameters(operation);
                return Task.CompletedTask;
            });
        });
        return builder;
    }

    /// <summary><c>/openapi/v1.json</c> and the Scalar reference at <c>/scalar</c>: public, never rate limited.</summary>
    public static WebApplication MapApiDocumentation(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous().DisableRateLimiting();
        app.MapScalarApiReference(options => options
                .WithTitle("Platform API")
                .AddPreferredSecuritySchemes(OpenApiSetup.BearerScheme))
            .AllowAnonymous().DisableRateLimiting();
        return app;
    }

    // The list parameters are read as strings (to answer 400 with field names); the document shows their real constraints.
    private static void DescribeListParameters(OpenApiOperation operation)
    {
        if (operation.Parameters is null)
        {
            return;
        }

        foreach (var parameter in operation.Parameters.OfType<OpenApiParameter>())
        {
            switch (parameter.Name)
            {
                case "limit":
                    parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Maximum = "100", Default = System.Text.Json.Nodes.JsonValue.Create(20) };
                    parameter.Description = "Page size, 1 to 100 (default 20).";
                    break;
                case "status":
                    parameter.Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.String,
                        Enum = [.. Platform.Core.Tasks.TaskItemStatusNames.All.Select(n => (System.Text.Json.Nodes.JsonNode)System.Text.Json.Nodes.JsonValue.Create(n)!)],
                    };
                    break;
                case "q":
                    parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = Tasks.TaskEndpoints.MaxSearchLength };
                    parameter.Description = "Case-insensitive text search in title and description.";
                    break;
                case "cursor":
                    parameter.Description = "Opaque nextCursor from the previous page.";
                    break;
            }
        }
    }
}
