using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Platform.Core.Files;
using Platform.Core.Tasks;
using Platform.Core.Tenancy;

namespace Platform.Core.Data;

/// <summary>
/// The <c>platformdb</c> model shared by the API and the worker. Entity configurations are picked up from
/// this assembly; every <see cref="ITenantOwned"/> entity gets the tenant query filter here, in one place.
/// </summary>
public sealed class PlatformDbContext(DbContextOptions<PlatformDbContext> options) : DbContext(options)
{
    private TenantContext? _tenant;

    public DbSet<TaskItem> Tasks => Set<TaskItem>();

    public DbSet<FileItem> Files => Set<FileItem>();

    /// <summary>The tenant the query filter uses; set per scope (pooled contexts are re-bound on every lease).</summary>
    public TenantContext? Tenant => _tenant;

    /// <summary>Read by the query filter at query time; null (no tenant) matches no rows.</summary>
    public string? CurrentTenantId => _tenant?.TenantId;

    public void UseTenant(TenantContext? tenant) => _tenant = tenant;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PlatformDbContext).Assembly);

        foreach (var entityType in modelBuilder.Model.GetEntityTypes())
        {
            if (typeof(ITenantOwned).IsAssignableFrom(entityType.ClrType) && entityType.BaseType is null)
            {
                modelBuilder.Entity(entityType.ClrType).HasQueryFilter(TenantFilter(entityType.ClrType));
            }
        }
    }

    // e => e.TenantId == this.CurrentTenantId; EF re-evaluates the context member for each query.
    private LambdaExpression TenantFilter(Type clrType)
    {
        var entity = Expression.Parameter(clrType, "e");
        var body = Expression.Equal(
            Expression.Property(entity, nameof(ITenantOwned.TenantId)),
            Expression.Property(Expression.Constant(this), nameof(CurrentTenantId)));
        return Expression.Lambda(body, entity);
    }
}
