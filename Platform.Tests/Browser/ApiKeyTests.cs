using System.Net;
using Microsoft.Playwright;
using Platform.Tests.EndToEnd;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Browser;

[Collection(PlatformStackCollection.Name)]
[Trait(Category.Name, Category.Browser)]
public sealed class ApiKeyTests(PlatformStackFixture stack)
{
    [Fact]
    public async Task An_API_key_copied_from_the_page_works_against_the_API_until_it_is_revoked()
    {
        var page = await stack.NewPageAsync();
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await WebUser.New().SignUpAsync(page);

        await page.GotoAsync("api-keys");
        await Assertions.Expect(page.GetByTestId("empty")).ToBeVisibleAsync();
        await page.GetByLabel("Name").FillAsync("browser test");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("created-key")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Copy" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Copied" })).ToBeVisibleAsync();
        var key = await page.EvaluateAsync<string>("navigator.clipboard.readText()");
        Assert.StartsWith("pk_", key, StringComparison.Ordinal);
        await Assertions.Expect(page.GetByTestId("api-keys")).ToContainTextAsync(key[..8]);

        using var http = new HttpClient { BaseAddress = stack.ApiAddress };
        http.DefaultRequestHeaders.Add("X-API-Key", key);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("api/tasks", UriKind.Relative))).StatusCode);

        // The secret is shown once: a reload of the list does not show it again.
        await page.GotoAsync("api-keys");
        Assert.DoesNotContain(key, await page.ContentAsync(), StringComparison.Ordinal);

        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke browser test" }).ClickAsync();
        await Assertions.Expect(page.GetByText("API key revoked.")).ToBeVisibleAsync();

        // The API caches verifications for up to 30 s (DESIGN §5).
        var deadline = DateTime.UtcNow.AddSeconds(40);
        HttpStatusCode status;
        do
        {
            status = (await http.GetAsync(new Uri("api/tasks", UriKind.Relative))).StatusCode;
            if (status == HttpStatusCode.Unauthorized)
            {
                break;
            }

            await Task.Delay(1000);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        await BrowserStack.ScreenshotAsync(page);
    }
}
