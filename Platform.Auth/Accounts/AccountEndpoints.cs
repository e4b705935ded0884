using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Platform.Auth.Data;
using Platform.Auth.Http;
using Platform.Auth.Sessions;

namespace Platform.Auth.Accounts;

/// <summary>Sign-up, sign-in and the password and email flows (DESIGN §4, shaped after Better Auth).</summary>
public static class AccountEndpoints
{
    public const int MinPasswordLength = 8;
    public const int MaxPasswordLength = 128;
    private const string InvalidCredentials = "Invalid email or password.";

    public static IEndpointRouteBuilder MapAccountApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").AllowAnonymous();
        group.MapPost("/sign-up/email", SignUpAsync);
        group.MapPost("/sign-in/email", SignInAsync).RequireRateLimiting(SignInRateLimiting.PolicyName);
        group.MapPost("/forget-password", ForgetPasswordAsync).RequireRateLimiting(SignInRateLimiting.PolicyName);
        group.MapPost("/reset-password", ResetPasswordAsync);
        group.MapGet("/verify-email", VerifyEmailAsync);
        app.MapPost("/api/auth/change-password", ChangePasswordAsync).RequireAuthorization();
        return app;
    }

    private static async Task<Results<Ok<AuthResponse>, ValidationProblem, ProblemHttpResult>> SignUpAsync(
        SignUpRequest request, UserManager<AuthUser> users, AccountService accounts, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var email = Emails.Normalize(request.Email ?? "");
        if (!Emails.LooksValid(email))
        {
            errors.Add("email", "A valid email address is required.");
        }

        ValidatePassword(errors, "password", request.Password);
        errors.Required("name", request.Name, 100);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (await users.FindByEmailAsync(email) is not null)
        {
            return Problems.Conflict("An account with this email already exists.");
        }

        var user = new AuthUser { UserName = email, Email = email, Name = request.Name!.Trim(), CreatedAt = time.GetUtcNow() };
        var created = await users.CreateAsync(user, request.Password!);
        if (!created.Succeeded)
        {
            return created.Errors.Any(e => e.Code is "DuplicateEmail" or "DuplicateUserName")
                ? Problems.Conflict("An account with this email already exists.")
                : IdentityErrors(created, "password");
        }

        await accounts.SendVerificationEmailAsync(user, http.Request, ct);
        return TypedResults.Ok(await accounts.StartSessionAsync(user, http, ct));
    }

    private static async Task<Results<Ok<AuthResponse>, ValidationProblem, ProblemHttpResult>> SignInAsync(
        SignInRequest request, AccountService accounts, HttpContext http, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.Required("email", request.Email, 254);
        errors.Required("password", request.Password, MaxPasswordLength);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var (outcome, user, retryAfter) = await accounts.CheckCredentialsAsync(request.Email!, request.Password!);
        switch (outcome)
        {
            case SignInOutcome.Succeeded:
                return TypedResults.Ok(await accounts.StartSessionAsync(user!, http, ct));
            case SignInOutcome.LockedOut:
                var seconds = (int)Math.Ceiling(retryAfter.TotalSeconds);
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                return TypedResults.Problem($"Too many failed sign-in attempts. Try again in {seconds} seconds.",
                    statusCode: StatusCodes.Status429TooManyRequests, title: "Too Many Requests");
            default:
                return Problems.Unauthorized(InvalidCredentials);
        }
    }

    private static async Task<Results<NoContent, ValidationProblem>> ChangePasswordAsync(
        ChangePasswordRequest request, UserManager<AuthUser> users, SessionService sessions, HttpContext http, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.Required("currentPassword", request.CurrentPassword, MaxPasswordLength);
        ValidatePassword(errors, "newPassword", request.NewPassword);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var session = http.CurrentSession();
        var user = await users.FindByIdAsync(session.UserId.ToString());
        var changed = await users.ChangePasswordAsync(user!, request.CurrentPassword!, request.NewPassword!);
        if (!changed.Succeeded)
        {
            return changed.Errors.Any(e => e.Code == "PasswordMismatch")
                ? Problems.Invalid("currentPassword", "The current password is incorrect.")
                : IdentityErrors(changed, "newPassword");
        }

        await sessions.RevokeOthersAsync(user!.Id, session.Id, ct);
        return TypedResults.NoContent();
    }

    /// <summary>Always 200, whether or not the email has an account (no enumeration).</summary>
    private static async Task<Results<Ok<StatusResponse>, ValidationProblem>> ForgetPasswordAsync(
        ForgetPasswordRequest request, UserManager<AuthUser> users, AccountService accounts, HttpContext http, CancellationToken ct)
    {
        // Validated before the lookup, so a bad field answers the same for known and unknown accounts.
        var errors = new FieldErrors().Required("email", request.Email, 254).NoNul("redirectTo", request.RedirectTo);
        if (!errors.Any && !string.IsNullOrWhiteSpace(request.RedirectTo) && !accounts.IsTrustedRedirect(request.RedirectTo, http.Request))
        {
            return Problems.Invalid("redirectTo", "redirectTo must be a path or a URL on auth's own or a trusted origin (Auth:TrustedOrigins).");
        }
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var user = await users.FindByEmailAsync(Emails.Normalize(request.Email!));
        if (user is not null)
        {
            await accounts.SendPasswordResetAsync(user, request.RedirectTo, http.Request, ct);
        }

        return TypedResults.Ok(new StatusResponse(true));
    }

    private static async Task<Results<Ok<StatusResponse>, ValidationProblem>> ResetPasswordAsync(
        ResetPasswordRequest request, UserManager<AuthUser> users, AccountService accounts, SessionService sessions, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.Required("token", request.Token, 4096);
        ValidatePassword(errors, "newPassword", request.NewPassword);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var parts = await accounts.SplitAsync(request.Token!);
        if (parts is not var (user, identityToken))
        {
            return Problems.Invalid("token", "The reset token is invalid or has expired.");
        }

        var reset = await users.ResetPasswordAsync(user, identityToken, request.NewPassword!);
        if (!reset.Succeeded)
        {
            return reset.Errors.Any(e => e.Code == "InvalidToken")
                ? Problems.Invalid("token", "The reset token is invalid or has expired.")
                : IdentityErrors(reset, "newPassword");
        }

        await users.ResetAccessFailedCountAsync(user);
        await sessions.RevokeOthersAsync(user.Id, keepSessionId: null, ct);
        return TypedResults.Ok(new StatusResponse(true));
    }

    private static async Task<Results<Ok<StatusResponse>, ValidationProblem>> VerifyEmailAsync(
        string? token, UserManager<AuthUser> users, AccountService accounts)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            return Problems.Invalid("token", "The token query parameter is required.");
        }

        var parts = await accounts.SplitAsync(token);
        if (parts is not var (user, identityToken) || !(await users.ConfirmEmailAsync(user, identityToken)).Succeeded)
        {
            return Problems.Invalid("token", "The verification token is invalid or has expired.");
        }

        return TypedResults.Ok(new StatusResponse(true));
    }

    private static void ValidatePassword(FieldErrors errors, string field, string? password)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinPasswordLength)
        {
            errors.Add(field, $"The {field} must be at least {MinPasswordLength} characters.");
        }
        else if (password.Length > MaxPasswordLength)
        {
            errors.Add(field, $"The {field} must be at most {MaxPasswordLength} characters.");
        }
    }

    private static ValidationProblem IdentityErrors(IdentityResult result, string field) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]>
        {
            [field] = [.. result.Errors.Select(e => e.Description)],
        });
}
