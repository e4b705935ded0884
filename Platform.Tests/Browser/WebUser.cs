using Microsoft.Playwright;

namespace Platform.Tests.Browser;

/// <summary>A person using the web app: the steps every flow starts with, done the way a user does them.</summary>
public sealed record WebUser(string Name, string Email, string Password)
{
    public static WebUser New(string name = "Ada Lovelace") =>
        new(name, $"user-{Guid.NewGuid():N}@example.test", "correct horse battery staple");

    public async Task SignUpAsync(IPage page)
    {
        await page.GotoAsync("sign-up");
        await page.GetByLabel("Name").FillAsync(Name);
        await page.GetByLabel("Email").FillAsync(Email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Welcome, {Name}" })).ToBeVisibleAsync();
    }

    public async Task SignInAsync(IPage page, string? password = null)
    {
        await page.GotoAsync("sign-in");
        await page.GetByLabel("Email").FillAsync(Email);
        await page.GetByLabel("Password").FillAsync(password ?? Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    public static async Task SignOutAsync(IPage page)
    {
        await page.GetByTestId("sign-out").ClickAsync();
        await Assertions.Expect(page.GetByText("You have signed out.")).ToBeVisibleAsync();
    }
}
