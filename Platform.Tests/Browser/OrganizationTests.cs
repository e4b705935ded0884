using Microsoft.Playwright;
using Platform.Tests.EndToEnd;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Browser;

[Collection(PlatformStackCollection.Name)]
[Trait(Category.Name, Category.Browser)]
public sealed class OrganizationTests(PlatformStackFixture stack)
{
    [Fact]
    public async Task An_invited_user_who_accepts_in_another_browser_sees_the_organizations_tasks()
    {
        var owner = WebUser.New("Grace Hopper");
        var invitee = WebUser.New("Alan Turing");
        var ownerPage = await stack.NewPageAsync();
        var inviteePage = await stack.NewPageAsync(); // a second browser context: its own cookies
        await owner.SignUpAsync(ownerPage);
        await invitee.SignUpAsync(inviteePage);
        var name = $"Acme {Guid.NewGuid().ToString("N")[..6]}";

        // The owner creates the organization and invites the other user.
        await ownerPage.GotoAsync("organizations");
        await ownerPage.GetByLabel("Name").FillAsync(name);
        await ownerPage.GetByRole(AriaRole.Button, new() { Name = "Create organization" }).ClickAsync();
        await Assertions.Expect(ownerPage.GetByText("Organization created.")).ToBeVisibleAsync();
        await ownerPage.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await ownerPage.GetByLabel("Email").FillAsync(invitee.Email);
        await ownerPage.GetByRole(AriaRole.Button, new() { Name = "Invite" }).ClickAsync();
        await Assertions.Expect(ownerPage.GetByText("Invitation sent.")).ToBeVisibleAsync();
        await Assertions.Expect(ownerPage.GetByTestId("pending-invitations")).ToContainTextAsync(invitee.Email);

        // ... switches to it in the header and creates a task there.
        await ownerPage.GetByLabel("Active organization").SelectOptionAsync(new SelectOptionValue { Label = name });
        await ownerPage.GetByTestId("org-switcher").GetByRole(AriaRole.Button, new() { Name = "Switch" }).ClickAsync();
        await Assertions.Expect(ownerPage.Locator("#org-switch option:checked")).ToHaveTextAsync(name);
        await ownerPage.GotoAsync("tasks/new");
        await ownerPage.GetByLabel("Title").FillAsync("Plan the launch");
        await ownerPage.GetByRole(AriaRole.Button, new() { Name = "Create task" }).ClickAsync();
        await Assertions.Expect(ownerPage.GetByText("Task created.")).ToBeVisibleAsync();

        // The invitee accepts in their own browser, switches to the organization, and sees its task.
        await inviteePage.GotoAsync("organizations");
        await Assertions.Expect(inviteePage.GetByTestId("my-invitations")).ToContainTextAsync(name);
        await inviteePage.GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        await Assertions.Expect(inviteePage.GetByText("Invitation accepted.")).ToBeVisibleAsync();
        await inviteePage.GetByRole(AriaRole.Button, new() { Name = $"Switch to {name}" }).ClickAsync();
        await inviteePage.GotoAsync("tasks");
        await Assertions.Expect(inviteePage.GetByTestId("task-link")).ToHaveTextAsync("Plan the launch");

        // Both are members; the owner still sees the task too.
        await inviteePage.GotoAsync("organizations");
        await inviteePage.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await Assertions.Expect(inviteePage.GetByTestId("members")).ToContainTextAsync(owner.Email);
        await Assertions.Expect(inviteePage.GetByTestId("members")).ToContainTextAsync(invitee.Email);
        await ownerPage.GotoAsync("tasks");
        await Assertions.Expect(ownerPage.GetByTestId("task-link")).ToHaveTextAsync("Plan the launch");
        await BrowserStack.ScreenshotAsync(inviteePage);
    }
}
