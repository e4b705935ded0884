using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Browser;

[Collection(BrowserCollection.Name)]
[Trait(Category.Name, Category.Browser)]
public sealed class ReplicaTests(BrowserStack stack)
{
    [Fact]
    public async Task A_session_and_a_form_from_one_web_replica_are_accepted_by_the_other()
    {
        var page = await stack.NewPageAsync();
        await WebUser.New().SignUpAsync(page); // on the first replica

        // The cookie (same host, other port) decrypts on the second replica: signed in there too.
        await page.GotoAsync(new Uri(stack.WebReplica.Address, "tasks/new").ToString());
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "New task" })).ToBeVisibleAsync();

        // A form rendered by the second replica (its antiforgery token) is posted to the first, as a load balancer may do.
        var form = page.Locator("form", new() { Has = page.GetByLabel("Title") });
        await form.EvaluateAsync("(f, url) => f.action = url", new Uri(stack.Web.Address, "tasks/new").ToString());
        await page.GetByLabel("Title").FillAsync("Made across replicas");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create task" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Task created.")).ToBeVisibleAsync();
        Assert.StartsWith(stack.Web.Address.ToString(), page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.GetByTestId("task-link")).ToHaveTextAsync("Made across replicas");

        // The one key ring both replicas use is the one auth keeps in authdb.
        using var http = new HttpClient { BaseAddress = stack.Auth.Address };
        http.DefaultRequestHeaders.Add("X-Internal-Token", BrowserStack.InternalToken);
        var ring = await http.GetFromJsonAsync<JsonElement>("internal/key-rings/web");
        Assert.Contains(ring.GetProperty("elements").EnumerateArray(), e => e.GetProperty("xml").GetString()!.StartsWith("<key ", StringComparison.Ordinal));
        await BrowserStack.ScreenshotAsync(page);
    }
}
