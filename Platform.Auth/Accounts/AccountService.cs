using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Platform.Auth.Data;
using Platform.Auth.Email;
using Platform.Auth.Sessions;
using Platform.Auth.Tokens;

namespace Platform.Auth.Accounts;

public enum SignInOutcome { Succeeded, InvalidCredentials, LockedOut }

/// <summary>Account operations on top of Identity: credential checks with lockout, sessions, mail links.</summary>
public sealed class AccountService(
    UserManager<AuthUser> users,
    IPasswordHasher<AuthUser> hasher,
    SessionService sessions,
    JwtIssuer issuer,
    IEmailSender email,
    TimeProvider time,
    IOptions<AuthOptions> options)
{
    // A real PBKDF2 hash of a random password, so an unknown email costs one hash verification like a known one.
    private static readonly Lazy<string> DummyHash = new(() =>
        new PasswordHasher<AuthUser>(Options.Create(new PasswordHasherOptions { IterationCount = AuthServiceCollectionExtensions.PasswordIterations }))
            .HashPassword(new AuthUser(), Guid.NewGuid().ToString()));

    public async Task<(SignInOutcome Outcome, AuthUser? User, TimeSpan RetryAfter)> CheckCredentialsAsync(
        string email, string password)
    {
        // PostgreSQL rejects U+0000 in a query parameter; no stored email contains it, so it is an unknown email.
        var user = email.Contains('\0', StringComparison.Ordinal) ? null : await users.FindByEmailAsync(Emails.Normalize(email));
        if (user is null)
        {
            hasher.VerifyHashedPassword(new AuthUser(), DummyHash.Value, password);
            return (SignInOutcome.InvalidCredentials, null, TimeSpan.Zero);
        }

        if (await users.IsLockedOutAsync(user))
        {
            return (SignInOutcome.LockedOut, user, RetryAfter(user));
        }

        if (await users.CheckPasswordAsync(user, password))
        {
            await users.ResetAccessFailedCountAsync(user);
            return (SignInOutcome.Succeeded, user, TimeSpan.Zero);
        }

        await users.AccessFailedAsync(user);
        return await users.IsLockedOutAsync(user)
            ? (SignInOutcome.LockedOut, user, RetryAfter(user))
            : (SignInOutcome.InvalidCredentials, null, TimeSpan.Zero);
    }

    private TimeSpan RetryAfter(AuthUser user)
    {
        var left = (user.LockoutEnd ?? time.GetUtcNow()) - time.GetUtcNow();
        return left < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : left;
    }

    public async Task<AuthResponse> StartSessionAsync(AuthUser user, HttpContext http, CancellationToken ct)
    {
        var (session, token) = await sessions.CreateAsync(user.Id, http, ct);
        var access = await issuer.IssueAsync(user, session, IssuerResolver.Resolve(http.Request, options.Value), ct);
        return new AuthResponse(token, access.Token, access.ExpiresIn, UserResponse.From(user));
    }

    public async Task SendVerificationEmailAsync(AuthUser user, HttpRequest request, CancellationToken ct)
    {
        var token = Combine(user.Id, await users.GenerateEmailConfirmationTokenAsync(user));
        var link = $"{BaseUrl(request)}/api/auth/verify-email?token={Uri.EscapeDataString(token)}";
        await email.SendAsync(new EmailMessage(user.Email!, "Verify your email",
            $"Confirm your email address by opening {link}"), ct);
    }

    public async Task SendPasswordResetAsync(AuthUser user, string? redirectTo, HttpRequest request, CancellationToken ct)
    {
        // The link is stored in the outbox, and PostgreSQL text cannot hold U+0000; callers validate redirectTo first.
        if (redirectTo is not null && redirectTo.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("redirectTo must not contain NUL characters.", nameof(redirectTo));
        }

        var token = Combine(user.Id, await users.GeneratePasswordResetTokenAsync(user));
        var target = string.IsNullOrWhiteSpace(redirectTo) ? $"{BaseUrl(request)}/reset-password"
            : redirectTo.StartsWith('/') ? $"{BaseUrl(request)}{redirectTo}" : redirectTo;
        var link = $"{target}{(target.Contains('?', StringComparison.Ordinal) ? '&' : '?')}token={Uri.EscapeDataString(token)}";
        await email.SendAsync(new EmailMessage(user.Email!, "Reset your password",
            $"Choose a new password by opening {link} (POST the token to /api/auth/reset-password)."), ct);
    }

    /// <summary>Identity's tokens need the user; the mailed token carries both as one opaque base64url string.</summary>
    public static string Combine(Guid userId, string identityToken) =>
        WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes($"{userId:N}:{identityToken}"));

    public async Task<(AuthUser User, string IdentityToken)?> SplitAsync(string token)
    {
        string text;
        try
        {
            text = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(token));
        }
        catch (FormatException)
        {
            return null;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !Guid.TryParseExact(text[..colon], "N", out var userId))
        {
            return null;
        }

        var user = await users.FindByIdAsync(userId.ToString());
        return user is null ? null : (user, text[(colon + 1)..]);
    }

    /// <summary>
    /// A reset link may lead to a path of auth itself, to auth's own origin, or to one of
    /// <see cref="AuthOptions.TrustedOrigins"/> (http or https only), never elsewhere.
    /// </summary>
    public bool IsTrustedRedirect(string redirectTo, HttpRequest request)
    {
        if (redirectTo.StartsWith('/') && !redirectTo.StartsWith("//", StringComparison.Ordinal) && !redirectTo.Contains('\\', StringComparison.Ordinal))
        {
            return true;
        }

        if (!Uri.TryCreate(redirectTo, UriKind.Absolute, out var target) || target.Scheme is not ("http" or "https")
            || !string.IsNullOrEmpty(target.UserInfo))
        {
            return false;
        }

        var origin = target.GetLeftPart(UriPartial.Authority);
        return new[] { BaseUrl(request) }.Concat(options.Value.TrustedOrigins)
            .Select(trusted => Uri.TryCreate(trusted, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : null)
            .Any(trusted => string.Equals(trusted, origin, StringComparison.OrdinalIgnoreCase));
    }

    private string BaseUrl(HttpRequest request) =>
        string.IsNullOrWhiteSpace(options.Value.PublicUrl)
            ? $"{request.Scheme}://{request.Host}{request.PathBase}"
            : options.Value.PublicUrl.TrimEnd('/');
}
