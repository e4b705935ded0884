using Microsoft.Playwright;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Browser;

[Collection(BrowserCollection.Name)]
[Trait(Category.Name, Category.Browser)]
public sealed class FormTests(BrowserStack stack)
{
    [Fact]
    public async Task A_submit_button_is_disabled_while_its_form_submits_and_enabled_again_after_going_back()
    {
        var page = await stack.NewPageAsync();
        await WebUser.New().SignUpAsync(page);
        await page.GotoAsync("tasks/new");

        // Hold the post at the browser's edge, so "while it submits" lasts until the test lets go.
        var release = new TaskCompletionSource();
        await page.RouteAsync("**/tasks/new", async route =>
        {
            if (route.Request.Method == "POST")
            {
                await release.Task;
            }

            await route.ContinueAsync();
        });
        var create = page.GetByRole(AriaRole.Button, new() { Name = "Create task" });
        await page.GetByLabel("Title").FillAsync("Only once");
        await create.ClickAsync();

        await Assertions.Expect(create).ToBeDisabledAsync();
        release.SetResult();
        await Assertions.Expect(page.GetByText("Task created.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("task-link")).ToHaveCountAsync(1);

        await page.GoBackAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Create task" })).ToBeEnabledAsync();
        await BrowserStack.ScreenshotAsync(page);
    }

    [Fact]
    public async Task Without_JavaScript_a_user_signs_up_creates_a_task_and_reads_the_list()
    {
        var page = await stack.NewPageAsync(javaScriptEnabled: false);
        await WebUser.New().SignUpAsync(page);

        await page.GotoAsync("tasks/new");
        await page.GetByLabel("Title").FillAsync("No script needed");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create task" }).ClickAsync();

        await Assertions.Expect(page.GetByText("Task created.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("task-link")).ToHaveTextAsync("No script needed");
        await BrowserStack.ScreenshotAsync(page);
    }
}
