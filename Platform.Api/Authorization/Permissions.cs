using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Platform.Api.Authentication;

namespace Platform.Api.Authorization;

/// <summary>Permission names double as policy names: <c>.RequireAuthorization(Permissions.TasksRead)</c>.</summary>
public static class Permissions
{
    public const string TasksRead = "tasks:read";
    public const string TasksWrite = "tasks:write";
    public const string FilesRead = "files:read";
    public const string FilesWrite = "files:write";
    public const string JobsRead = "jobs:read";
    public const string JobsWrite = "jobs:write";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        TasksRead, TasksWrite, FilesRead, FilesWrite, JobsRead, JobsWrite,
    };

    public static bool Has(this ClaimsPrincipal user, string permission) =>
        user.HasClaim(PlatformClaims.Permission, permission);

    /// <summary>One policy per permission; the caller needs the matching <c>permission</c> claim (users have all).</summary>
    public static AuthorizationBuilder AddPermissionPolicies(this AuthorizationBuilder authorization)
    {
        foreach (var permission in All)
        {
            authorization.AddPolicy(permission, policy => policy.RequireAuthenticatedUser().RequireClaim(PlatformClaims.Permission, permission));
        }

        return authorization;
    }
}
