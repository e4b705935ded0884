using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Auth.Data;
using Platform.Auth.Http;
using Platform.Auth.Sessions;

namespace Platform.Auth.Organizations;

/// <summary>Organizations: create (creator owns), list mine, read, update, delete, activate, leave.</summary>
public static class OrganizationEndpoints
{
    public static IEndpointRouteBuilder MapOrganizationApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth/organizations").RequireAuthorization();
        group.MapPost("/", CreateAsync);
        group.MapGet("/", ListAsync);
        group.MapGet("/{id:guid}", GetAsync);
        group.MapPatch("/{id:guid}", UpdateAsync);
        group.MapDelete("/{id:guid}", DeleteAsync);
        group.MapPost("/{id:guid}/activate", ActivateAsync);
        group.MapPost("/{id:guid}/leave", LeaveAsync);
        return app;
    }

    private static async Task<Results<Created<OrganizationResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateOrganizationRequest request, HttpContext http, AuthDbContext db, TimeProvider time, CancellationToken ct)
    {
        var errors = Validate(request.Name, request.Slug, required: true);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var now = time.GetUtcNow();
        var organization = new Organization { Id = Guid.CreateVersion7(now), Name = request.Name!.Trim(), Slug = request.Slug!, CreatedAt = now };
        db.Organizations.Add(organization);
        db.Members.Add(new Member
        {
            Id = Guid.CreateVersion7(now), OrganizationId = organization.Id, UserId = http.CurrentSession().UserId,
            Role = Roles.Owner, CreatedAt = now,
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            return Problems.Conflict($"The slug '{request.Slug}' is taken.");
        }

        return TypedResults.Created($"/api/auth/organizations/{organization.Id}", OrganizationResponse.From(organization, Roles.Owner));
    }

    private static async Task<Ok<OrganizationResponse[]>> ListAsync(HttpContext http, AuthDbContext db, CancellationToken ct)
    {
        var userId = http.CurrentSession().UserId;
        var rows = await db.Members.Where(m => m.UserId == userId)
            .Join(db.Organizations, m => m.OrganizationId, o => o.Id, (m, o) => new { o, m.Role })
            .OrderBy(x => x.o.Name).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(x => OrganizationResponse.From(x.o, x.Role)).ToArray());
    }

    private static async Task<Results<Ok<OrganizationResponse>, ProblemHttpResult>> GetAsync(
        Guid id, HttpContext http, AuthDbContext db, CancellationToken ct)
    {
        var member = await db.FindMembershipAsync(id, http.CurrentSession().UserId, ct);
        var organization = member is null ? null : await db.Organizations.FindAsync([id], ct);
        return organization is null
            ? Problems.NotFound("No such organization.")
            : TypedResults.Ok(OrganizationResponse.From(organization, member!.Role));
    }

    private static async Task<Results<Ok<OrganizationResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, UpdateOrganizationRequest request, HttpContext http, AuthDbContext db, CancellationToken ct)
    {
        var member = await db.FindMembershipAsync(id, http.CurrentSession().UserId, ct);
        var organization = member is null ? null : await db.Organizations.FindAsync([id], ct);
        if (organization is null)
        {
            return Problems.NotFound("No such organization.");
        }

        if (!member!.IsOwner())
        {
            return Problems.Forbidden("Only owners can change the organization.");
        }

        var errors = Validate(request.Name, request.Slug, required: false);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        organization.Name = request.Name?.Trim() ?? organization.Name;
        organization.Slug = request.Slug ?? organization.Slug;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            return Problems.Conflict($"The slug '{request.Slug}' is taken.");
        }

        return TypedResults.Ok(OrganizationResponse.From(organization, member!.Role));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid id, HttpContext http, AuthDbContext db, CancellationToken ct)
    {
        var member = await db.FindMembershipAsync(id, http.CurrentSession().UserId, ct);
        if (member is null)
        {
            return Problems.NotFound("No such organization.");
        }

        if (!member.IsOwner())
        {
            return Problems.Forbidden("Only owners can delete the organization.");
        }

        await db.Organizations.Where(o => o.Id == id).ExecuteDeleteAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<ActiveOrganizationResponse>, ProblemHttpResult>> ActivateAsync(
        Guid id, HttpContext http, AuthDbContext db, SessionService sessions, CancellationToken ct)
    {
        var session = http.CurrentSession();
        var member = await db.FindMembershipAsync(id, session.UserId, ct);
        if (member is null)
        {
            return Problems.NotFound("No such organization.");
        }

        await sessions.SetActiveOrganizationAsync(session.Id, id, ct);
        return TypedResults.Ok(new ActiveOrganizationResponse(id, member.Role));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> LeaveAsync(
        Guid id, HttpContext http, AuthDbContext db, CancellationToken ct)
    {
        var session = http.CurrentSession();
        var member = await db.FindMembershipAsync(id, session.UserId, ct);
        if (member is null)
        {
            return Problems.NotFound("No such organization.");
        }

        if (member.IsOwner() && await db.CountOwnersAsync(id, ct) <= 1)
        {
            return Problems.Conflict("The last owner cannot leave; make someone else owner or delete the organization.");
        }

        await MemberEndpoints.RemoveMembershipAsync(db, member, ct);
        return TypedResults.NoContent();
    }

    private static FieldErrors Validate(string? name, string? slug, bool required)
    {
        var errors = new FieldErrors();
        if (required || name is not null)
        {
            errors.Required("name", name, 100);
        }

        if ((required || slug is not null) && !Slugs.IsValid(slug))
        {
            errors.Add("slug", "The slug must be 2-64 lower-case letters, digits or inner hyphens.");
        }

        return errors;
    }
}
