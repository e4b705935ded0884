using Platform.Auth.Data;

namespace Platform.Auth.Accounts;

public sealed record SignUpRequest(string? Email, string? Password, string? Name);

public sealed record SignInRequest(string? Email, string? Password);

public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

public sealed record ForgetPasswordRequest(string? Email, string? RedirectTo);

public sealed record ResetPasswordRequest(string? Token, string? NewPassword);

public sealed record UserResponse(Guid Id, string Email, string Name, bool EmailVerified, DateTimeOffset CreatedAt)
{
    public static UserResponse From(AuthUser user) => new(user.Id, user.Email ?? "", user.Name, user.EmailConfirmed, user.CreatedAt);
}

public sealed record AuthResponse(string Token, string AccessToken, int ExpiresIn, UserResponse User);

public sealed record StatusResponse(bool Status);

public static class Emails
{
    /// <summary>Emails are compared trimmed and case-insensitively; they are stored that way too.</summary>
    public static string Normalize(string email) => email.Trim().ToLowerInvariant();

    public static bool LooksValid(string email) =>
        email.Length <= 254 && System.Net.Mail.MailAddress.TryCreate(email, out var parsed) && parsed.Address == email
        && email.IndexOf('@', StringComparison.Ordinal) > 0 && !email.Contains('\0', StringComparison.Ordinal);
}
