namespace Platform.Core.Tenancy;

/// <summary>
/// Who the current request acts for, filled once per request by the host (the API from the authenticated
/// caller). <see cref="Data.PlatformDbContext"/> filters every <see cref="ITenantOwned"/> entity by
/// <see cref="TenantId"/>, so no query can forget it; an unset context sees no tenant rows at all.
/// </summary>
public sealed class TenantContext
{
    public const string UserPrefix = "user:";
    public const string OrganizationPrefix = "org:";

    /// <summary>The tenant key stored in <c>tenant_id</c>: <c>org:{id}</c> for an active organization, else <c>user:{id}</c>.</summary>
    public string? TenantId { get; private set; }

    public string? UserId { get; private set; }

    public string? OrganizationId { get; private set; }

    /// <summary>The caller's role in <see cref="OrganizationId"/>: owner, admin or member; null when acting for itself.</summary>
    public string? OrganizationRole { get; private set; }

    public bool IsSet => TenantId is not null;

    public void Set(string userId, string? organizationId, string? organizationRole)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        UserId = userId;
        OrganizationId = string.IsNullOrEmpty(organizationId) ? null : organizationId;
        OrganizationRole = OrganizationId is null ? null : organizationRole;
        TenantId = OrganizationId is null ? UserPrefix + userId : OrganizationPrefix + OrganizationId;
    }

    /// <summary>
    /// Org members read every org resource; only its creator, admins and owners change it. Acting for
    /// oneself, every resource in the tenant is one's own.
    /// </summary>
    public bool CanModify(string createdBy) =>
        OrganizationId is null
        || string.Equals(createdBy, UserId, StringComparison.Ordinal)
        || OrganizationRole is "owner" or "admin";
}
