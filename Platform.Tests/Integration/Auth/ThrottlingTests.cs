using System.Net;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Integration.Auth;

/// <summary>Sign-in throttling per client IP (10 per minute here, the default) and account lockout (5 failures, 15 minutes).</summary>
[Trait(Category.Name, Category.Integration)]
public sealed class ThrottlingTests(ThrottledAuthAppFixture app) : IClassFixture<ThrottledAuthAppFixture>
{
    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_with_429_and_Retry_After_even_for_the_right_password()
    {
        // Sign-up is not throttled; all sign-in attempts in this class share one client address and the 10/minute budget.
        using var user = await app.CreateClient().SignUpAsync(password: "right-password");
        using var client = app.CreateClient();

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            await (await client.SignInAsync(user.Email, "wrong-password")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        }

        using var fifth = await client.SignInAsync(user.Email, "wrong-password");
        await fifth.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        var retryAfter = fifth.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 14 * 60, 15 * 60);

        using var right = await client.SignInAsync(user.Email, "right-password");
        await right.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.NotNull(right.Headers.RetryAfter?.Delta);

        // 6 of the 10 allowed attempts are used; the remaining 4 pass the limiter, the 11th is refused by it.
        for (var attempt = 7; attempt <= 10; attempt++)
        {
            using var response = await client.SignInAsync(AuthClient.NewEmail("nobody"), "whatever-password");
            await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        }

        using var throttled = await client.SignInAsync(AuthClient.NewEmail("nobody"), "whatever-password");
        var problem = await throttled.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.NotNull(throttled.Headers.RetryAfter?.Delta);
        Assert.InRange(throttled.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
        Assert.Contains("sign-in", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
