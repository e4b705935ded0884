using Platform.Api.Authentication;
using Platform.Core.Tenancy;

namespace Platform.Api.Authorization;

/// <summary>
/// Binds the request's <see cref="TenantContext"/> to the authenticated caller: its active organization when it
/// has one, otherwise itself. Every PlatformDbContext query in the request is filtered by it.
/// </summary>
public sealed class TenantResolutionMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context, TenantContext tenant)
    {
        if (Caller.From(context.User) is { } caller)
        {
            tenant.Set(caller.UserId, caller.OrganizationId, caller.OrganizationRole);
        }

        return next(context);
    }
}
