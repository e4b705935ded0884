using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Auth.Data;
using Platform.Auth.Http;
using Platform.Auth.Sessions;

namespace Platform.Auth.Organizations;

/// <summary>Teams inside an organization: members read; owners and admins create, rename, delete and staff them.</summary>
public static class TeamEndpoints
{
    public static IEndpointRouteBuilder MapTeamApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth/organizations/{id:guid}/teams").RequireAuthorization();
        group.MapPost("/", CreateAsync);
        group.MapGet("/", ListAsync);
        group.MapPatch("/{teamId:guid}", UpdateAsync);
        group.MapDelete("/{teamId:guid}", DeleteAsync);
        group.MapPost("/{teamId:guid}/members", AddMemberAsync);
        group.MapDelete("/{teamId:guid}/members/{userId:guid}", RemoveMemberAsync);
        return app;
    }

    private static async Task<Results<Created<TeamResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        Guid id, TeamRequest request, HttpContext http, AuthDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (await ManagerCheckAsync(id, http, db, ct) is { } denied)
        {
            return denied;
        }

        var errors = new FieldErrors().Required("name", request.Name, 100);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var now = time.GetUtcNow();
        var team = new Team { Id = Guid.CreateVersion7(now), OrganizationId = id, Name = request.Name!.Trim(), CreatedAt = now };
        db.Teams.Add(team);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            return Problems.Conflict($"A team named '{team.Name}' already exists.");
        }

        return TypedResults.Created($"/api/auth/organizations/{id}/teams/{team.Id}", new TeamResponse(team.Id, id, team.Name, now, []));
    }

    private static async Task<Results<Ok<TeamResponse[]>, ProblemHttpResult>> ListAsync(
        Guid id, HttpContext http, AuthDbContext db, CancellationToken ct)
    {
        if (await db.FindMembershipAsync(id, http.CurrentSession().UserId, ct) is null)
        {
            return Problems.NotFound("No such organization.");
        }

        var teams = await db.Teams.Where(t => t.OrganizationId == id).OrderBy(t => t.Name).ToListAsync(ct);
        var teamIds = teams.Select(t => t.Id).ToList();
        var members = await db.TeamMembers.Where(m => teamIds.Contains(m.TeamId)).ToListAsync(ct);
        return TypedResults.Ok(teams.Select(t => new TeamResponse(t.Id, id, t.Name, t.CreatedAt,
            [.. members.Where(m => m.TeamId == t.Id).Select(m => m.UserId)])).ToArray());
    }

    private static async Task<Results<Ok<TeamResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, Guid teamId, TeamRequest request, HttpContext http, AuthDbContext db, CancellationToken ct)
    {
        if (await ManagerCheckAsync(id, http, db, ct) is { } denied)
        {
            return denied;
        }

        var team = await db.Teams.FirstOrDefaultAsync(t => t.Id == teamId && t.OrganizationId == id, ct);
        if (team is null)
        {
            return Problems.NotFound("No such team.");
        }

        var errors = new FieldErrors().Required("name", request.Name, 100);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        team.Name = request.Name!.Trim();
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            return Problems.Conflict($"A team named '{team.Name}' already exists.");
        }

        var memberIds = await db.TeamMembers.Where(m => m.TeamId == teamId).Select(m => m.UserId).ToArrayAsync(ct);
        return TypedResults.Ok(new TeamResponse(team.Id, id, team.Name, team.CreatedAt, memberIds));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid id, Guid teamId, HttpContext http, AuthDbContext db, CancellationToken ct)
    {
        if (await ManagerCheckAsync(id, http, db, ct) is { } denied)
        {
            return denied;
        }

        return await db.Teams.Where(t => t.Id == teamId && t.OrganizationId == id).ExecuteDeleteAsync(ct) > 0
            ? TypedResults.NoContent()
            : Problems.NotFound("No such team.");
    }

    private static async Task<Results<Created, ValidationProblem, ProblemHttpResult>> AddMemberAsync(
        Guid id, Guid teamId, AddTeamMemberRequest request, HttpContext http, AuthDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (await ManagerCheckAsync(id, http, db, ct) is { } denied)
        {
            return denied;
        }

        if (!await db.Teams.AnyAsync(t => t.Id == teamId && t.OrganizationId == id, ct))
        {
            return Problems.NotFound("No such team.");
        }

        if (request.UserId is not { } userId || await db.FindMembershipAsync(id, userId, ct) is null)
        {
            return Problems.Invalid("userId", "The user must be a member of the organization.");
        }

        var now = time.GetUtcNow();
        db.TeamMembers.Add(new TeamMember { Id = Guid.CreateVersion7(now), TeamId = teamId, UserId = userId, CreatedAt = now });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            return Problems.Conflict("The user is already on this team.");
        }

        return TypedResults.Created($"/api/auth/organizations/{id}/teams/{teamId}/members/{userId}");
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveMemberAsync(
        Guid id, Guid teamId, Guid userId, HttpContext http, AuthDbContext db, CancellationToken ct)
    {
        if (await ManagerCheckAsync(id, http, db, ct) is { } denied)
        {
            return denied;
        }

        var teamInOrganization = db.Teams.Where(t => t.Id == teamId && t.OrganizationId == id).Select(t => t.Id);
        return await db.TeamMembers.Where(m => m.UserId == userId && teamInOrganization.Contains(m.TeamId)).ExecuteDeleteAsync(ct) > 0
            ? TypedResults.NoContent()
            : Problems.NotFound("No such team member.");
    }

    /// <summary>404 for non-members, 403 for plain members, null for owners and admins.</summary>
    private static async Task<ProblemHttpResult?> ManagerCheckAsync(Guid organizationId, HttpContext http, AuthDbContext db, CancellationToken ct)
    {
        var caller = await db.FindMembershipAsync(organizationId, http.CurrentSession().UserId, ct);
        return caller is null ? Problems.NotFound("No such organization.")
            : caller.CanManage() ? null
            : Problems.Forbidden("Only owners and admins can manage teams.");
    }
}
