using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Auth.Data;

namespace Platform.Auth.Sessions;

/// <summary>Creates, finds (with sliding renewal) and revokes sessions.</summary>
public sealed class SessionService(AuthDbContext db, TimeProvider time, RandomNumberGenerator random, IOptions<AuthOptions> options)
{
    /// <summary>Sessions used more than this long after their last renewal get a fresh expiry.</summary>
    public static readonly TimeSpan RenewAfter = TimeSpan.FromDays(1);

    private TimeSpan Lifetime => TimeSpan.FromDays(options.Value.SessionDays);

    public async Task<(Session Session, string Token)> CreateAsync(Guid userId, HttpContext http, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var token = SecretTokens.Generate(random);
        var userAgent = http.Request.Headers.UserAgent.ToString();
        var session = new Session
        {
            Id = Guid.CreateVersion7(now),
            UserId = userId,
            TokenHash = SecretTokens.Hash(token),
            CreatedAt = now,
            UpdatedAt = now,
            ExpiresAt = now + Lifetime,
            IpAddress = http.Connection.RemoteIpAddress?.ToString(),
            UserAgent = userAgent.Length > 512 ? userAgent[..512] : userAgent,
        };
        db.Sessions.Add(session);
        await db.SaveChangesAsync(ct);
        return (session, token);
    }

    /// <summary>The live session for a bearer token, renewed when it was last renewed more than a day ago.</summary>
    public async Task<Session?> FindAsync(string token, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var hash = SecretTokens.Hash(token);
        var session = await db.Sessions.FirstOrDefaultAsync(s => s.TokenHash == hash, ct);
        if (session is null || session.ExpiresAt <= now)
        {
            return null;
        }

        if (now - session.UpdatedAt >= RenewAfter)
        {
            session.UpdatedAt = now;
            session.ExpiresAt = now + Lifetime;
            await db.SaveChangesAsync(ct);
        }

        return session;
    }

    public async Task<List<Session>> ListAsync(Guid userId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return await db.Sessions.Where(s => s.UserId == userId && s.ExpiresAt > now)
            .OrderByDescending(s => s.CreatedAt).ToListAsync(ct);
    }

    public async Task<bool> RevokeAsync(Guid userId, Guid sessionId, CancellationToken ct) =>
        await db.Sessions.Where(s => s.UserId == userId && s.Id == sessionId).ExecuteDeleteAsync(ct) > 0;

    public Task<int> RevokeOthersAsync(Guid userId, Guid? keepSessionId, CancellationToken ct) =>
        db.Sessions.Where(s => s.UserId == userId && s.Id != keepSessionId).ExecuteDeleteAsync(ct);

    public Task SetActiveOrganizationAsync(Guid sessionId, Guid? organizationId, CancellationToken ct) =>
        db.Sessions.Where(s => s.Id == sessionId)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.ActiveOrganizationId, organizationId), ct);
}
