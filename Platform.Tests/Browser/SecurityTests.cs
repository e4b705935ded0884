using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using Platform.Tests.EndToEnd;
using Platform.Tests.Infrastructure;
using Platform.Web.Accounts;

namespace Platform.Tests.Browser;

[Collection(PlatformStackCollection.Name)]
[Trait(Category.Name, Category.Browser)]
public sealed class SecurityTests(PlatformStackFixture stack)
{
    [Theory]
    [InlineData("tasks")]
    [InlineData("tasks/new")]
    [InlineData("files")]
    [InlineData("jobs")]
    [InlineData("organizations")]
    [InlineData("api-keys")]
    [InlineData("sessions")]
    [InlineData("profile")]
    public async Task Pages_behind_sign_in_redirect_to_sign_in_when_signed_out(string path)
    {
        var page = await stack.NewPageAsync();

        await page.GotoAsync(path);

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/sign-in\\?returnUrl=" + Regex.Escape(Uri.EscapeDataString("/" + path))));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await BrowserStack.ScreenshotAsync(page, $"{nameof(Pages_behind_sign_in_redirect_to_sign_in_when_signed_out)}_{path.Replace('/', '_')}");
    }

    [Fact]
    public async Task A_form_posted_without_the_antiforgery_token_is_rejected()
    {
        var page = await stack.NewPageAsync();
        await WebUser.New().SignUpAsync(page);

        // The browser's own cookies, but no token: what a cross-site form would send.
        var response = await page.APIRequest.PostAsync("tasks/new", new()
        {
            Form = page.APIRequest.CreateFormData().Set("_handler", "new-task").Set("Input.Title", "forged").Set("Input.Status", "pending"),
        });

        Assert.Equal((int)HttpStatusCode.BadRequest, response.Status);
        await page.GotoAsync("tasks");
        await Assertions.Expect(page.GetByTestId("empty")).ToBeVisibleAsync();
        await BrowserStack.ScreenshotAsync(page);
    }
}

/// <summary>
/// On the Kestrel-hosted <see cref="BrowserStack"/>, because it reads the session token out of the cookie with the
/// web app's own cookie options (in process) to look for it in every page.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait(Category.Name, Category.Browser)]
public sealed class SessionCookieTests(BrowserStack stack)
{
    [Fact]
    public async Task The_session_cookie_is_HttpOnly_and_no_token_appears_in_any_page()
    {
        var page = await stack.NewPageAsync();
        await WebUser.New().SignUpAsync(page);

        var cookie = Assert.Single(await page.Context.CookiesAsync(), c => c.Name == "platform.session");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Lax, cookie.SameSite);

        // Read the session token the way Web does, to look for it in what the browser receives.
        var cookieOptions = stack.Web.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>()
            .Get(CookieAuthenticationDefaults.AuthenticationScheme);
        var ticket = cookieOptions.TicketDataFormat.Unprotect(cookie.Value);
        var sessionToken = ticket?.Principal.GetSessionToken();
        Assert.False(string.IsNullOrEmpty(sessionToken));
        Assert.DoesNotContain(sessionToken, cookie.Value, StringComparison.Ordinal);

        foreach (var path in new[] { "", "tasks", "tasks/new", "profile", "sessions", "api-keys", "organizations", "files", "jobs" })
        {
            await page.GotoAsync(path);
            var html = await page.ContentAsync();
            Assert.DoesNotContain(sessionToken, html, StringComparison.Ordinal);
            Assert.DoesNotMatch(new Regex(@"eyJ[A-Za-z0-9_-]{10,}\.eyJ"), html); // no JWT
        }

        await BrowserStack.ScreenshotAsync(page);
    }
}
