using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Platform.Tests.EndToEnd;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Browser;

[Collection(PlatformStackCollection.Name)]
[Trait(Category.Name, Category.Browser)]
public sealed class TaskTests(PlatformStackFixture stack)
{
    [Fact]
    public async Task Sign_up_then_create_edit_complete_filter_and_delete_a_task()
    {
        var page = await stack.NewPageAsync();
        await WebUser.New().SignUpAsync(page);

        // Create
        await page.GotoAsync("tasks");
        await Assertions.Expect(page.GetByTestId("empty")).ToBeVisibleAsync();
        await page.GetByTestId("new-task").ClickAsync();
        await page.GetByLabel("Title").FillAsync("Write the report");
        await page.GetByLabel("Description").FillAsync("Quarterly numbers");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create task" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Task created.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("task-link")).ToHaveTextAsync("Write the report");

        // Edit
        await page.GetByTestId("task-link").ClickAsync();
        await page.GetByLabel("Title").FillAsync("Write the annual report");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Task updated.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("task-link")).ToHaveTextAsync("Write the annual report");

        // Complete
        await page.GetByRole(AriaRole.Button, new() { Name = "Complete Write the annual report" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("task-status")).ToHaveTextAsync("Completed");

        // Filter
        await page.GetByLabel("Status").SelectOptionAsync("pending");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("status=pending"));
        await Assertions.Expect(page.GetByTestId("empty")).ToBeVisibleAsync();
        await page.GetByLabel("Status").SelectOptionAsync("completed");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("task-link")).ToHaveTextAsync("Write the annual report");
        await page.GetByLabel("Status").SelectOptionAsync("");
        await page.GetByLabel("Search").FillAsync("annual");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("task-link")).ToHaveTextAsync("Write the annual report");

        // Delete, after confirming
        await page.GetByTestId("task-link").ClickAsync();
        await page.GetByTestId("delete-task").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete task" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Task deleted.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("empty")).ToBeVisibleAsync();
        await BrowserStack.ScreenshotAsync(page);
    }

    [Fact]
    public async Task A_title_the_API_rejects_shows_the_error_next_to_the_field()
    {
        var page = await stack.NewPageAsync();
        await WebUser.New().SignUpAsync(page);

        await page.GotoAsync("tasks/new");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create task" }).ClickAsync();

        await Assertions.Expect(page.Locator(".validation-message, [data-field-error=title]").First).ToBeVisibleAsync();
        await BrowserStack.ScreenshotAsync(page);
    }
}
