using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Auth.Data;
using Platform.Auth.Http;
using Platform.Auth.Sessions;

namespace Platform.Auth.Organizations;

/// <summary>Members: list (any member), change role and remove (owners and admins; only owners touch owners).</summary>
public static class MemberEndpoints
{
    public static IEndpointRouteBuilder MapMemberApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth/organizations/{id:guid}/members").RequireAuthorization();
        group.MapGet("/", ListAsync);
        group.MapPatch("/{userId:guid}", UpdateAsync);
        group.MapDelete("/{userId:guid}", RemoveAsync);
        return app;
    }

    private static async Task<Results<Ok<MemberResponse[]>, ProblemHttpResult>> ListAsync(
        Guid id, HttpContext http, AuthDbContext db, CancellationToken ct)
    {
        if (await db.FindMembershipAsync(id, http.CurrentSession().UserId, ct) is null)
        {
            return Problems.NotFound("No such organization.");
        }

        var rows = await db.Members.Where(m => m.OrganizationId == id)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { m, u.Email, u.Name })
            .OrderBy(x => x.m.CreatedAt).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(x =>
            new MemberResponse(x.m.Id, x.m.OrganizationId, x.m.UserId, x.m.Role, x.Email!, x.Name, x.m.CreatedAt)).ToArray());
    }

    private static async Task<Results<Ok<MemberResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, Guid userId, UpdateMemberRequest request, HttpContext http, AuthDbContext db, CancellationToken ct)
    {
        var caller = await db.FindMembershipAsync(id, http.CurrentSession().UserId, ct);
        if (caller is null)
        {
            return Problems.NotFound("No such organization.");
        }

        if (!Roles.IsValid(request.Role))
        {
            return Problems.Invalid("role", "The role must be owner, admin or member.");
        }

        if (!caller.CanManage())
        {
            return Problems.Forbidden("Only owners and admins can change roles.");
        }

        var target = await db.FindMembershipAsync(id, userId, ct);
        if (target is null)
        {
            return Problems.NotFound("No such member.");
        }

        if (!caller.IsOwner() && (target.IsOwner() || request.Role == Roles.Owner))
        {
            return Problems.Forbidden("Only owners can grant or change the owner role.");
        }

        if (target.IsOwner() && request.Role != Roles.Owner && await db.CountOwnersAsync(id, ct) <= 1)
        {
            return Problems.Conflict("An organization must keep at least one owner.");
        }

        target.Role = request.Role!;
        await db.SaveChangesAsync(ct);
        var user = await db.Users.FirstAsync(u => u.Id == userId, ct);
        return TypedResults.Ok(new MemberResponse(target.Id, id, userId, target.Role, user.Email!, user.Name, target.CreatedAt));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(
        Guid id, Guid userId, HttpContext http, AuthDbContext db, CancellationToken ct)
    {
        var caller = await db.FindMembershipAsync(id, http.CurrentSession().UserId, ct);
        if (caller is null)
        {
            return Problems.NotFound("No such organization.");
        }

        if (!caller.CanManage())
        {
            return Problems.Forbidden("Only owners and admins can remove members.");
        }

        var target = await db.FindMembershipAsync(id, userId, ct);
        if (target is null)
        {
            return Problems.NotFound("No such member.");
        }

        if (target.IsOwner() && !caller.IsOwner())
        {
            return Problems.Forbidden("Only owners can remove an owner.");
        }

        if (target.IsOwner() && await db.CountOwnersAsync(id, ct) <= 1)
        {
            return Problems.Conflict("An organization must keep at least one owner.");
        }

        await RemoveMembershipAsync(db, target, ct);
        return TypedResults.NoContent();
    }

    /// <summary>Drops the membership, the user's team memberships in the organization and any session pointing at it.</summary>
    internal static async Task RemoveMembershipAsync(AuthDbContext db, Member member, CancellationToken ct)
    {
        var teamIds = db.Teams.Where(t => t.OrganizationId == member.OrganizationId).Select(t => t.Id);
        await db.TeamMembers.Where(t => t.UserId == member.UserId && teamIds.Contains(t.TeamId)).ExecuteDeleteAsync(ct);
        await db.Sessions.Where(s => s.UserId == member.UserId && s.ActiveOrganizationId == member.OrganizationId)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.ActiveOrganizationId, (Guid?)null), ct);
        db.Members.Remove(member);
        await db.SaveChangesAsync(ct);
    }
}
