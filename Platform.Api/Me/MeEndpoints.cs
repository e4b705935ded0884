using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Api.Authentication;

namespace Platform.Api.Me;

/// <summary>Who the caller is, as the API sees it.</summary>
public sealed record MeResponse(
    string UserId, string? Email, string? Name, string AuthMethod, string? ApiKeyId,
    string? OrganizationId, string? OrganizationRole, string Tenant, IReadOnlyList<string> Permissions);

public static class MeEndpoints
{
    public static IEndpointRouteBuilder MapMeApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/me", GetMe).WithName("GetMe").WithTags("Me").RequireAuthorization()
            .WithSummary("The caller: user, authentication method, organization and permissions.");
        return app;
    }

    private static Results<Ok<MeResponse>, UnauthorizedHttpResult> GetMe(HttpContext http, Platform.Core.Tenancy.TenantContext tenant)
    {
        if (Caller.From(http.User) is not { } caller)
        {
            return TypedResults.Unauthorized();
        }

        return TypedResults.Ok(new MeResponse(
            caller.UserId, caller.Email, caller.Name, caller.AuthMethod, caller.ApiKeyId,
            caller.OrganizationId, caller.OrganizationRole, tenant.TenantId!, caller.Permissions));
    }
}
