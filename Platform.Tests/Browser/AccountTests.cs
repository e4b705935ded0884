using Microsoft.Playwright;
using Platform.Tests.EndToEnd;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Browser;

[Collection(PlatformStackCollection.Name)]
[Trait(Category.Name, Category.Browser)]
public sealed class AccountTests(PlatformStackFixture stack)
{
    [Fact]
    public async Task Signing_out_and_back_in_shows_the_dashboard_again()
    {
        var page = await stack.NewPageAsync();
        var user = WebUser.New("Grace Hopper");
        await user.SignUpAsync(page);

        await WebUser.SignOutAsync(page);
        await user.SignInAsync(page);

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Welcome, Grace Hopper" })).ToBeVisibleAsync();
        await BrowserStack.ScreenshotAsync(page);
    }

    [Fact]
    public async Task Sign_in_with_a_wrong_password_shows_the_error_and_stays_signed_out()
    {
        var page = await stack.NewPageAsync();
        var user = WebUser.New();
        await user.SignUpAsync(page);
        await WebUser.SignOutAsync(page);

        await user.SignInAsync(page, password: "not the password");

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/sign-in"));
        await Assertions.Expect(page.GetByTestId("sign-out")).ToHaveCountAsync(0);
        await BrowserStack.ScreenshotAsync(page);
    }

    [Fact]
    public async Task A_session_revoked_elsewhere_sends_the_user_to_sign_in_with_a_message()
    {
        var user = WebUser.New();
        var first = await stack.NewPageAsync();
        await user.SignUpAsync(first);
        var second = await stack.NewPageAsync();
        await user.SignInAsync(second);

        await second.GotoAsync("sessions");
        await Assertions.Expect(second.GetByText("This session")).ToBeVisibleAsync();
        await second.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).First.ClickAsync();
        await Assertions.Expect(second.GetByText("Session revoked.")).ToBeVisibleAsync();

        await first.GotoAsync("tasks");

        await Assertions.Expect(first.GetByTestId("session-expired")).ToBeVisibleAsync();
        await BrowserStack.ScreenshotAsync(first);
    }

    [Fact]
    public async Task The_dashboard_works_on_a_375_pixel_wide_screen()
    {
        var page = await stack.NewPageAsync(width: 375, height: 812);
        await WebUser.New().SignUpAsync(page);

        await page.GotoAsync("tasks");
        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");

        Assert.True(scrollWidth <= 375, $"the page scrolls sideways ({scrollWidth} px)");
        await BrowserStack.ScreenshotAsync(page);
    }
}
