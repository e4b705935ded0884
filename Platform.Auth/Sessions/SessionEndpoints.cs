using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Platform.Auth.Accounts;
using Platform.Auth.Data;
using Platform.Auth.Http;

namespace Platform.Auth.Sessions;

public sealed record SessionResponse(
    Guid Id, Guid UserId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset ExpiresAt,
    string? IpAddress, string? UserAgent, Guid? ActiveOrganizationId, bool Current)
{
    public static SessionResponse From(Session s, Guid currentId) => new(
        s.Id, s.UserId, s.CreatedAt, s.UpdatedAt, s.ExpiresAt, s.IpAddress, s.UserAgent, s.ActiveOrganizationId, s.Id == currentId);
}

public sealed record SessionWithUserResponse(SessionResponse Session, UserResponse User);

/// <summary>The caller's session and the other sessions of their account.</summary>
public static class SessionEndpoints
{
    public static IEndpointRouteBuilder MapSessionApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").RequireAuthorization();
        group.MapGet("/session", GetSessionAsync);
        group.MapGet("/sessions", ListSessionsAsync);
        group.MapDelete("/sessions/{id:guid}", RevokeSessionAsync);
        group.MapPost("/sign-out", SignOutAsync);
        group.MapPost("/revoke-other-sessions", RevokeOtherSessionsAsync);
        return app;
    }

    private static async Task<Results<Ok<SessionWithUserResponse>, ProblemHttpResult>> GetSessionAsync(
        HttpContext http, UserManager<AuthUser> users)
    {
        var session = http.CurrentSession();
        var user = await users.FindByIdAsync(session.UserId.ToString());
        return user is null
            ? Problems.Unauthorized("The session's user no longer exists.")
            : TypedResults.Ok(new SessionWithUserResponse(SessionResponse.From(session, session.Id), UserResponse.From(user)));
    }

    private static async Task<Ok<SessionResponse[]>> ListSessionsAsync(HttpContext http, SessionService sessions, CancellationToken ct)
    {
        var current = http.CurrentSession();
        var all = await sessions.ListAsync(current.UserId, ct);
        return TypedResults.Ok(all.Select(s => SessionResponse.From(s, current.Id)).ToArray());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeSessionAsync(
        Guid id, HttpContext http, SessionService sessions, CancellationToken ct) =>
        await sessions.RevokeAsync(http.CurrentSession().UserId, id, ct)
            ? TypedResults.NoContent()
            : Problems.NotFound("No such session.");

    private static async Task<NoContent> SignOutAsync(HttpContext http, SessionService sessions, CancellationToken ct)
    {
        var current = http.CurrentSession();
        await sessions.RevokeAsync(current.UserId, current.Id, ct);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> RevokeOtherSessionsAsync(HttpContext http, SessionService sessions, CancellationToken ct)
    {
        var current = http.CurrentSession();
        await sessions.RevokeOthersAsync(current.UserId, current.Id, ct);
        return TypedResults.NoContent();
    }
}
