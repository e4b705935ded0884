using Microsoft.Playwright;
using Platform.Tests.EndToEnd;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Browser;

[Collection(PlatformStackCollection.Name)]
[Trait(Category.Name, Category.Browser)]
public sealed class JobTests(PlatformStackFixture stack)
{
    [Fact]
    public async Task An_interval_job_created_in_the_page_shows_its_runs_in_the_history()
    {
        var page = await stack.NewPageAsync();
        await WebUser.New().SignUpAsync(page);

        await page.GotoAsync("jobs/new");
        await page.GetByLabel("Name").FillAsync("heartbeat");
        await page.GetByLabel("Type").SelectOptionAsync("noop");
        await page.GetByLabel("Runs").SelectOptionAsync("interval");
        await page.GetByLabel("Interval (seconds)").FillAsync("1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview next runs" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("preview").Locator("li")).ToHaveCountAsync(5);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create job" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Job scheduled.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "heartbeat" })).ToBeVisibleAsync();

        // The history is a server-rendered page: refresh it the way a user would until the worker has run the job.
        var succeeded = page.GetByTestId("run-status").GetByText("succeeded");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await succeeded.CountAsync() == 0 && DateTime.UtcNow < deadline)
        {
            await page.GetByRole(AriaRole.Link, new() { Name = "Refresh" }).ClickAsync();
            await page.WaitForLoadStateAsync();
        }

        await Assertions.Expect(succeeded.First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("runs")).ToContainTextAsync(PlatformStackFixture.WorkerInstance);
        await BrowserStack.ScreenshotAsync(page);
    }
}
