namespace Platform.Core.Tenancy;

/// <summary>An entity that belongs to one tenant; <see cref="Data.PlatformDbContext"/> scopes its queries by <see cref="TenantId"/>.</summary>
public interface ITenantOwned
{
    string TenantId { get; }
}
