using Microsoft.EntityFrameworkCore;
using Platform.Auth.Data;

namespace Platform.Auth.Organizations;

/// <summary>
/// Role rules of DESIGN §4: owner may do everything; admin manages members, invitations and teams;
/// member reads. Non-members get 404, as if the organization did not exist.
/// </summary>
public static class OrganizationAccess
{
    public static Task<Member?> FindMembershipAsync(this AuthDbContext db, Guid organizationId, Guid userId, CancellationToken ct) =>
        db.Members.FirstOrDefaultAsync(m => m.OrganizationId == organizationId && m.UserId == userId, ct);

    public static bool CanManage(this Member member) => member.Role is Roles.Owner or Roles.Admin;

    public static bool IsOwner(this Member member) => member.Role == Roles.Owner;

    public static Task<int> CountOwnersAsync(this AuthDbContext db, Guid organizationId, CancellationToken ct) =>
        db.Members.CountAsync(m => m.OrganizationId == organizationId && m.Role == Roles.Owner, ct);

    /// <summary>Unique-index violations (duplicate slug, member, team name) surface as PostgreSQL 23505.</summary>
    public static bool IsUniqueViolation(this DbUpdateException e) =>
        e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation };
}
