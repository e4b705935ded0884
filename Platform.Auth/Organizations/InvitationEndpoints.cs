using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Auth.Accounts;
using Platform.Auth.Data;
using Platform.Auth.Http;
using Platform.Auth.Sessions;

namespace Platform.Auth.Organizations;

/// <summary>Invitations (48 h): owners and admins invite; only the invited email's account accepts or rejects.</summary>
public static class InvitationEndpoints
{
    public static IEndpointRouteBuilder MapInvitationApi(this IEndpointRouteBuilder app)
    {
        var organization = app.MapGroup("/api/auth/organizations/{id:guid}/invitations").RequireAuthorization();
        organization.MapPost("/", CreateAsync);
        organization.MapGet("/", ListAsync);
        organization.MapDelete("/{invitationId:guid}", CancelAsync);

        var mine = app.MapGroup("/api/auth/invitations").RequireAuthorization();
        mine.MapGet("/", ListMineAsync);
        mine.MapPost("/{id:guid}/accept", AcceptAsync);
        mine.MapPost("/{id:guid}/reject", RejectAsync);
        return app;
    }

    private static async Task<Results<Created<InvitationResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        Guid id, CreateInvitationRequest request, HttpContext http, AuthDbContext db, TimeProvider time,
        IOptions<AuthOptions> options, CancellationToken ct)
    {
        var caller = await db.FindMembershipAsync(id, http.CurrentSession().UserId, ct);
        var organization = caller is null ? null : await db.Organizations.FindAsync([id], ct);
        if (organization is null)
        {
            return Problems.NotFound("No such organization.");
        }

        var errors = new FieldErrors();
        var email = Emails.Normalize(request.Email ?? "");
        if (!Emails.LooksValid(email))
        {
            errors.Add("email", "A valid email address is required.");
        }

        var role = request.Role ?? Roles.Member;
        if (!Roles.IsValid(role))
        {
            errors.Add("role", "The role must be owner, admin or member.");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (!caller!.CanManage())
        {
            return Problems.Forbidden("Only owners and admins can invite.");
        }

        if (role == Roles.Owner && !caller!.IsOwner())
        {
            return Problems.Forbidden("Only owners can invite owners.");
        }

        var now = time.GetUtcNow();
        var normalized = email.ToUpperInvariant();
        var alreadyMember = await db.Members.Where(m => m.OrganizationId == id)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => u.NormalizedEmail)
            .AnyAsync(e => e == normalized, ct);
        if (alreadyMember)
        {
            return Problems.Conflict("This email already belongs to a member.");
        }

        if (await db.Invitations.AnyAsync(i => i.OrganizationId == id && i.Email == email
                && i.Status == InvitationStatus.Pending && i.ExpiresAt > now, ct))
        {
            return Problems.Conflict("This email already has a pending invitation.");
        }

        var invitation = new Invitation
        {
            Id = Guid.CreateVersion7(now), OrganizationId = id, Email = email, Role = role,
            InviterId = caller!.UserId, CreatedAt = now, ExpiresAt = now.AddHours(options.Value.InvitationHours),
        };
        db.Invitations.Add(invitation);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/auth/organizations/{id}/invitations/{invitation.Id}", ToResponse(invitation, organization.Name));
    }

    private static async Task<Results<Ok<InvitationResponse[]>, ProblemHttpResult>> ListAsync(
        Guid id, HttpContext http, AuthDbContext db, CancellationToken ct)
    {
        var caller = await db.FindMembershipAsync(id, http.CurrentSession().UserId, ct);
        var organization = caller is null ? null : await db.Organizations.FindAsync([id], ct);
        if (organization is null)
        {
            return Problems.NotFound("No such organization.");
        }

        var invitations = await db.Invitations.Where(i => i.OrganizationId == id).OrderBy(i => i.CreatedAt).ToListAsync(ct);
        return TypedResults.Ok(invitations.Select(i => ToResponse(i, organization.Name)).ToArray());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> CancelAsync(
        Guid id, Guid invitationId, HttpContext http, AuthDbContext db, CancellationToken ct)
    {
        var caller = await db.FindMembershipAsync(id, http.CurrentSession().UserId, ct);
        if (caller is null)
        {
            return Problems.NotFound("No such organization.");
        }

        if (!caller.CanManage())
        {
            return Problems.Forbidden("Only owners and admins can cancel invitations.");
        }

        var invitation = await db.Invitations.FirstOrDefaultAsync(i => i.Id == invitationId && i.OrganizationId == id, ct);
        if (invitation is null)
        {
            return Problems.NotFound("No such invitation.");
        }

        if (invitation.Status != InvitationStatus.Pending)
        {
            return Problems.Conflict($"The invitation is already {invitation.Status}.");
        }

        invitation.Status = InvitationStatus.Canceled;
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<InvitationResponse[]>> ListMineAsync(
        HttpContext http, AuthDbContext db, UserManager<AuthUser> users, TimeProvider time, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(http.CurrentSession().UserId.ToString());
        var now = time.GetUtcNow();
        var rows = await db.Invitations
            .Where(i => i.Email == user!.Email && i.Status == InvitationStatus.Pending && i.ExpiresAt > now)
            .Join(db.Organizations, i => i.OrganizationId, o => o.Id, (i, o) => new { i, o.Name })
            .OrderBy(x => x.i.CreatedAt).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(x => ToResponse(x.i, x.Name)).ToArray());
    }

    private static async Task<Results<Ok<InvitationResponse>, ProblemHttpResult>> AcceptAsync(
        Guid id, HttpContext http, AuthDbContext db, UserManager<AuthUser> users, TimeProvider time, CancellationToken ct) =>
        await RespondAsync(id, accept: true, http, db, users, time, ct);

    private static async Task<Results<Ok<InvitationResponse>, ProblemHttpResult>> RejectAsync(
        Guid id, HttpContext http, AuthDbContext db, UserManager<AuthUser> users, TimeProvider time, CancellationToken ct) =>
        await RespondAsync(id, accept: false, http, db, users, time, ct);

    private static async Task<Results<Ok<InvitationResponse>, ProblemHttpResult>> RespondAsync(
        Guid id, bool accept, HttpContext http, AuthDbContext db, UserManager<AuthUser> users, TimeProvider time, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(http.CurrentSession().UserId.ToString());
        var invitation = await db.Invitations.FirstOrDefaultAsync(i => i.Id == id, ct);
        if (invitation is null || user is null)
        {
            return Problems.NotFound("No such invitation.");
        }

        if (!string.Equals(invitation.Email, user.Email, StringComparison.OrdinalIgnoreCase))
        {
            return Problems.Forbidden("This invitation is for another email address.");
        }

        var now = time.GetUtcNow();
        if (invitation.Status != InvitationStatus.Pending || invitation.ExpiresAt <= now)
        {
            return Problems.Conflict(invitation.Status == InvitationStatus.Pending
                ? "The invitation has expired." : $"The invitation is already {invitation.Status}.");
        }

        invitation.Status = accept ? InvitationStatus.Accepted : InvitationStatus.Rejected;
        if (accept && await db.FindMembershipAsync(invitation.OrganizationId, user.Id, ct) is null)
        {
            db.Members.Add(new Member
            {
                Id = Guid.CreateVersion7(now), OrganizationId = invitation.OrganizationId, UserId = user.Id,
                Role = invitation.Role, CreatedAt = now,
            });
        }

        await db.SaveChangesAsync(ct);
        var name = await db.Organizations.Where(o => o.Id == invitation.OrganizationId).Select(o => o.Name).FirstAsync(ct);
        return TypedResults.Ok(ToResponse(invitation, name));
    }

    private static InvitationResponse ToResponse(Invitation i, string organizationName) => new(
        i.Id, i.OrganizationId, organizationName, i.Email, i.Role, i.Status, i.InviterId, i.CreatedAt, i.ExpiresAt);
}
