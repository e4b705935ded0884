using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Auth.Data;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Integration.Auth;

[Trait(Category.Name, Category.Integration)]
public sealed partial class AccountTests(AuthAppFixture app) : IClassFixture<AuthAppFixture>
{
    [Fact]
    public async Task SignUp_returns_session_token_access_token_and_user()
    {
        using var client = app.CreateClient();
        var email = AuthClient.NewEmail();
        using var response = await client.Http.PostAsJsonAsync("/api/auth/sign-up/email",
            new { email = "  " + email.ToUpperInvariant() + " ", password = "password123", name = "Ada" });

        var body = await HttpAssertions.ReadAsync<JsonElement>(response, HttpStatusCode.OK);
        Assert.Equal(43, body.GetProperty("token").GetString()!.Length);
        Assert.Equal(3, body.GetProperty("accessToken").GetString()!.Split('.').Length);
        Assert.Equal(900, body.GetProperty("expiresIn").GetInt32());
        Assert.Equal(email, body.GetProperty("user").GetProperty("email").GetString());
        Assert.Equal("Ada", body.GetProperty("user").GetProperty("name").GetString());
        Assert.False(body.GetProperty("user").GetProperty("emailVerified").GetBoolean());
    }

    [Fact]
    public async Task SignUp_with_an_existing_email_in_other_case_returns_409()
    {
        using var first = await app.CreateClient().SignUpAsync();
        using var client = app.CreateClient();
        using var response = await client.Http.PostAsJsonAsync("/api/auth/sign-up/email",
            new { email = first.Email.ToUpperInvariant(), password = "password123", name = "Copy" });
        await response.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("not-an-email", "password123", "Name", "email")]
    [InlineData("ok@example.test", "short", "Name", "password")]
    [InlineData("ok@example.test", null, "Name", "password")]
    [InlineData("ok@example.test", "password123", "", "name")]
    public async Task SignUp_with_invalid_fields_returns_validation_problem_naming_the_field(
        string email, string? password, string name, string field)
    {
        using var client = app.CreateClient();
        using var response = await client.Http.PostAsJsonAsync("/api/auth/sign-up/email", new { email, password, name });
        await response.AssertValidationProblemAsync(field);
    }

    [Fact]
    public async Task SignUp_with_a_129_character_password_is_rejected_and_128_accepted()
    {
        using var client = app.CreateClient();
        using var tooLong = await client.Http.PostAsJsonAsync("/api/auth/sign-up/email",
            new { email = AuthClient.NewEmail(), password = new string('p', 129), name = "Long" });
        await tooLong.AssertValidationProblemAsync("password");

        await client.SignUpAsync(password: new string('p', 128));
    }

    [Fact]
    public async Task SignIn_with_correct_password_returns_a_new_session()
    {
        using var user = await app.CreateClient().SignUpAsync(password: "sign-in-password");
        using var client = app.CreateClient();
        using var response = await client.SignInAsync("  " + user.Email.ToUpperInvariant(), "sign-in-password");
        var body = await HttpAssertions.ReadAsync<JsonElement>(response, HttpStatusCode.OK);
        Assert.NotEqual(user.Account!.Token, body.GetProperty("token").GetString());
        Assert.Equal(user.UserId, body.GetProperty("user").GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task SignIn_with_wrong_password_returns_401_and_same_message_as_unknown_email()
    {
        using var user = await app.CreateClient().SignUpAsync();
        using var client = app.CreateClient();

        using var wrongPassword = await client.SignInAsync(user.Email, "wrong password!");
        var wrong = await wrongPassword.AssertProblemAsync(HttpStatusCode.Unauthorized);
        using var unknownEmail = await client.SignInAsync(AuthClient.NewEmail("nobody"), "wrong password!");
        var unknown = await unknownEmail.AssertProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Equal(wrong.GetProperty("title").GetString(), unknown.GetProperty("title").GetString());
        Assert.Equal(wrong.GetProperty("detail").GetString(), unknown.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task SignIn_without_fields_returns_validation_problem()
    {
        using var client = app.CreateClient();
        using var response = await client.Http.PostAsJsonAsync("/api/auth/sign-in/email", new { });
        await response.AssertValidationProblemAsync("email");
    }

    [Fact]
    public async Task Passwords_are_stored_as_PBKDF2_with_at_least_210000_iterations()
    {
        using var user = await app.CreateClient().SignUpAsync();
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
        var hash = Convert.FromBase64String((await db.Users.SingleAsync(u => u.Id == user.UserId)).PasswordHash!);
        // Identity v3 format: 0x01, PRF (4 bytes), iteration count (4 bytes, big-endian), ...
        Assert.Equal(0x01, hash[0]);
        var iterations = (hash[5] << 24) | (hash[6] << 16) | (hash[7] << 8) | hash[8];
        Assert.True(iterations >= 210_000, $"{iterations} iterations");
    }

    [Fact]
    public async Task Malformed_json_returns_400_problem_details_not_500()
    {
        using var client = app.CreateClient();
        using var content = new StringContent("{\"email\": \"x@y.z\", ", Encoding.UTF8, "application/json");
        using var response = await client.Http.PostAsync(new Uri("/api/auth/sign-in/email", UriKind.Relative), content);
        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_body_over_64KB_returns_413_problem_details()
    {
        using var client = app.CreateClient();
        using var content = new StringContent(
            JsonSerializer.Serialize(new { email = "a@b.c", password = "x", name = new string('n', 70_000) }), Encoding.UTF8, "application/json");
        using var response = await client.Http.PostAsync(new Uri("/api/auth/sign-up/email", UriKind.Relative), content);
        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task ChangePassword_with_the_right_current_password_revokes_other_sessions()
    {
        using var device1 = await app.CreateClient().SignUpAsync(password: "first-password");
        using var device2 = app.CreateClient();
        device2.UseSession(await HttpAssertions.ReadAsync<Platform.Auth.Accounts.AuthResponse>(
            await device2.SignInAsync(device1.Email, "first-password"), HttpStatusCode.OK));

        using var change = await device1.Http.PostAsJsonAsync("/api/auth/change-password",
            new { currentPassword = "first-password", newPassword = "second-password" });
        await change.EnsureStatusAsync(HttpStatusCode.NoContent);

        using var stillIn = await device1.Http.GetAsync(new Uri("/api/auth/session", UriKind.Relative));
        await stillIn.EnsureStatusAsync(HttpStatusCode.OK);
        using var revoked = await device2.Http.GetAsync(new Uri("/api/auth/session", UriKind.Relative));
        await revoked.AssertProblemAsync(HttpStatusCode.Unauthorized);
        using var newPassword = await device2.SignInAsync(device1.Email, "second-password");
        await newPassword.EnsureStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ChangePassword_with_a_wrong_current_password_returns_validation_problem()
    {
        using var user = await app.CreateClient().SignUpAsync();
        using var response = await user.Http.PostAsJsonAsync("/api/auth/change-password",
            new { currentPassword = "not my password", newPassword = "whatever-new" });
        await response.AssertValidationProblemAsync("currentPassword");
    }

    [Fact]
    public async Task ChangePassword_without_a_session_returns_401()
    {
        using var client = app.CreateClient();
        using var response = await client.Http.PostAsJsonAsync("/api/auth/change-password",
            new { currentPassword = "a-password", newPassword = "b-password" });
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ForgetPassword_mails_a_token_that_resets_the_password_and_revokes_sessions()
    {
        using var user = await app.CreateClient().SignUpAsync(password: "forgotten-password");
        using var anonymous = app.CreateClient();
        using var forget = await anonymous.Http.PostAsJsonAsync("/api/auth/forget-password", new { email = user.Email });
        await forget.EnsureStatusAsync(HttpStatusCode.OK);

        var token = await TokenFromOutboxAsync(user.Email, "Reset your password");
        using var reset = await anonymous.Http.PostAsJsonAsync("/api/auth/reset-password", new { token, newPassword = "remembered-password" });
        await reset.EnsureStatusAsync(HttpStatusCode.OK);

        using var oldSession = await user.Http.GetAsync(new Uri("/api/auth/session", UriKind.Relative));
        await oldSession.AssertProblemAsync(HttpStatusCode.Unauthorized);
        using var signIn = await anonymous.SignInAsync(user.Email, "remembered-password");
        await signIn.EnsureStatusAsync(HttpStatusCode.OK);

        using var reused = await anonymous.Http.PostAsJsonAsync("/api/auth/reset-password", new { token, newPassword = "third-password" });
        await reused.AssertValidationProblemAsync("token");
    }

    [Theory]
    [InlineData("https://evil.example/reset")]
    [InlineData("//evil.example/reset")]
    [InlineData("/\\evil.example/reset")]
    [InlineData("https://app.example@evil.example/reset")]
    [InlineData("https://app.example.evil.example/reset")]
    [InlineData("javascript:alert(1)")]
    [InlineData("ftp://app.example/reset")]
    public async Task ForgetPassword_refuses_a_redirect_off_the_trusted_origins_and_mails_nothing(string redirectTo)
    {
        // A reset link elsewhere would mail a live token to whoever asked for it (Better Auth's trustedOrigins).
        using var user = await app.CreateClient().SignUpAsync();
        using var anonymous = app.CreateClient();
        foreach (var email in new[] { user.Email, AuthClient.NewEmail("ghost") })
        {
            using var forget = await anonymous.Http.PostAsJsonAsync("/api/auth/forget-password", new { email, redirectTo });
            await forget.AssertValidationProblemAsync("redirectTo");
        }

        await using var scope = app.Factory.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<AuthDbContext>().OutboxEmails
            .AnyAsync(m => m.To == user.Email && m.Subject == "Reset your password"));
    }

    [Theory]
    [InlineData(AuthAppFixture.TrustedOrigin + "/reset-password?from=mail", AuthAppFixture.TrustedOrigin + "/reset-password?from=mail&token=")]
    [InlineData("/reset-password", "/reset-password?token=")]
    public async Task ForgetPassword_links_to_a_trusted_origin_or_a_path_of_auth(string redirectTo, string linkStart)
    {
        using var user = await app.CreateClient().SignUpAsync();
        using var anonymous = app.CreateClient();
        using var forget = await anonymous.Http.PostAsJsonAsync("/api/auth/forget-password", new { email = user.Email, redirectTo });
        await forget.EnsureStatusAsync(HttpStatusCode.OK);

        await using var scope = app.Factory.Services.CreateAsyncScope();
        var mail = await scope.ServiceProvider.GetRequiredService<AuthDbContext>().OutboxEmails
            .SingleAsync(m => m.To == user.Email && m.Subject == "Reset your password");
        var link = mail.Body.Split(' ').Single(word => word.Contains("token=", StringComparison.Ordinal));
        Assert.Contains(linkStart, link, StringComparison.Ordinal);
        Assert.StartsWith(redirectTo.StartsWith('/') ? "http" : AuthAppFixture.TrustedOrigin, link, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForgetPassword_for_an_unknown_email_answers_the_same_and_sends_nothing()
    {
        using var anonymous = app.CreateClient();
        var email = AuthClient.NewEmail("ghost");
        using var forget = await anonymous.Http.PostAsJsonAsync("/api/auth/forget-password", new { email });
        await forget.EnsureStatusAsync(HttpStatusCode.OK);
        await using var scope = app.Factory.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<AuthDbContext>().OutboxEmails.AnyAsync(m => m.To == email));
    }

    [Fact]
    public async Task ForgetPassword_without_an_email_returns_validation_problem()
    {
        using var anonymous = app.CreateClient();
        using var forget = await anonymous.Http.PostAsJsonAsync("/api/auth/forget-password", new { email = " " });
        await forget.AssertValidationProblemAsync("email");
    }

    [Fact]
    public async Task ResetPassword_with_a_short_new_password_returns_validation_problem()
    {
        using var anonymous = app.CreateClient();
        using var reset = await anonymous.Http.PostAsJsonAsync("/api/auth/reset-password", new { token = "whatever", newPassword = "short" });
        await reset.AssertValidationProblemAsync("newPassword");
    }

    [Fact]
    public async Task Unknown_routes_and_wrong_methods_answer_problem_details()
    {
        using var anonymous = app.CreateClient();
        await (await anonymous.Http.GetAsync(new Uri("/api/auth/nowhere", UriKind.Relative))).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await anonymous.Http.GetAsync(new Uri("/api/auth/sign-in/email", UriKind.Relative))).AssertProblemAsync(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task ResetPassword_with_a_garbage_token_returns_validation_problem()
    {
        using var anonymous = app.CreateClient();
        using var reset = await anonymous.Http.PostAsJsonAsync("/api/auth/reset-password", new { token = "garbage", newPassword = "new-password" });
        await reset.AssertValidationProblemAsync("token");
    }

    [Fact]
    public async Task VerifyEmail_with_the_mailed_token_marks_the_email_verified_and_the_next_jwt_says_so()
    {
        using var user = await app.CreateClient().SignUpAsync();
        var token = await TokenFromOutboxAsync(user.Email, "Verify your email");

        using var verify = await user.Http.GetAsync(new Uri($"/api/auth/verify-email?token={Uri.EscapeDataString(token)}", UriKind.Relative));
        await verify.EnsureStatusAsync(HttpStatusCode.OK);

        var session = await HttpAssertions.ReadAsync<JsonElement>(await user.Http.GetAsync(new Uri("/api/auth/session", UriKind.Relative)), HttpStatusCode.OK);
        Assert.True(session.GetProperty("user").GetProperty("emailVerified").GetBoolean());
        var claims = JwtParts.Payload(await user.GetAccessTokenAsync());
        Assert.True(claims.GetProperty("email_verified").GetBoolean());
    }

    [Theory]
    [InlineData("")]
    [InlineData("bm90LWEtdG9rZW4")]
    public async Task VerifyEmail_with_a_missing_or_invalid_token_returns_validation_problem(string token)
    {
        using var anonymous = app.CreateClient();
        using var verify = await anonymous.Http.GetAsync(new Uri($"/api/auth/verify-email?token={token}", UriKind.Relative));
        await verify.AssertValidationProblemAsync("token");
    }

    private async Task<string> TokenFromOutboxAsync(string email, string subject)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
        var mail = await db.OutboxEmails.Where(m => m.To == email && m.Subject == subject).OrderByDescending(m => m.CreatedAt).FirstAsync();
        return Uri.UnescapeDataString(TokenInLink().Match(mail.Body).Groups[1].Value);
    }

    [GeneratedRegex(@"token=([^\s&)]+)")]
    private static partial Regex TokenInLink();
}
