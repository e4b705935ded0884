using Microsoft.Playwright;
using Platform.Tests.EndToEnd;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Browser;

[Collection(PlatformStackCollection.Name)]
[Trait(Category.Name, Category.Browser)]
public sealed class FormTests(PlatformStackFixture stack)
{
    [Fact]
    public async Task A_submit_button_is_disabled_while_its_form_submits_and_enabled_again_after_going_back()
    {
        var page = await stack.NewPageAsync();
        await WebUser.New().SignUpAsync(page);
        await page.GotoAsync("tasks/new");

        // Note the button's state just after the submit event (after app.js's handler ran); sessionStorage outlives the navigation.
        await page.EvaluateAsync("""
            () => document.addEventListener('submit', () => setTimeout(() => {
                const button = [...document.querySelectorAll('button')].find(b => b.textContent.trim() === 'Create task');
                sessionStorage.setItem('create-disabled-while-submitting', String(button.disabled));
            }, 0))
            """);
        await page.GetByLabel("Title").FillAsync("Only once");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create task" }).ClickAsync();

        await Assertions.Expect(page.GetByText("Task created.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("task-link")).ToHaveCountAsync(1);
        Assert.Equal("true", await page.EvaluateAsync<string>("() => sessionStorage.getItem('create-disabled-while-submitting')"));

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
