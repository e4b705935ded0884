using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Platform.Auth.Data;
using Platform.ServiceDefaults.Authentication;

namespace Platform.Auth.Tokens;

public sealed record AccessToken(string Token, int ExpiresIn);

/// <summary>Issues the API's 15-minute EdDSA JWTs with the claims of DESIGN §4.</summary>
public sealed class JwtIssuer(SigningKeyStore keys, AuthDbContext db, TimeProvider time, IOptions<AuthOptions> options)
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    public async Task<AccessToken> IssueAsync(AuthUser user, Session session, string issuer, CancellationToken ct)
    {
        var key = await keys.GetSigningKeyAsync(ct);
        var now = time.GetUtcNow();
        var lifetime = TimeSpan.FromMinutes(options.Value.AccessTokenMinutes);
        var claims = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            [JwtRegisteredClaimNames.Sub] = user.Id.ToString(),
            [JwtRegisteredClaimNames.Sid] = session.Id.ToString(),
            [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
            [JwtRegisteredClaimNames.Email] = user.Email ?? "",
            [JwtRegisteredClaimNames.EmailVerified] = user.EmailConfirmed,
            [JwtRegisteredClaimNames.Name] = user.Name,
        };

        if (session.ActiveOrganizationId is { } organizationId)
        {
            var role = await db.Members.AsNoTracking()
                .Where(m => m.OrganizationId == organizationId && m.UserId == user.Id)
                .Select(m => m.Role).FirstOrDefaultAsync(ct);
            if (role is not null)
            {
                claims["org_id"] = organizationId.ToString();
                claims["org_role"] = role;
            }
        }

        var token = Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = options.Value.Audience,
            Claims = claims,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(key, Ed25519SecurityKey.Algorithm),
        });
        return new AccessToken(token, (int)lifetime.TotalSeconds);
    }
}

/// <summary>The JWT <c>iss</c>: <c>Auth:Issuer</c>, else this service's own base URL.</summary>
public static class IssuerResolver
{
    public static string Resolve(HttpRequest request, AuthOptions options) =>
        string.IsNullOrWhiteSpace(options.Issuer)
            ? $"{request.Scheme}://{request.Host}{request.PathBase}".TrimEnd('/')
            : options.Issuer.TrimEnd('/');
}
