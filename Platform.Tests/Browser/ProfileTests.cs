using Microsoft.Playwright;
using Platform.Tests.EndToEnd;
using Platform.Tests.Infrastructure;
using Platform.Tests.Integration.Files;
using SkiaSharp;

namespace Platform.Tests.Browser;

[Collection(PlatformStackCollection.Name)]
[Trait(Category.Name, Category.Browser)]
public sealed class ProfileTests(PlatformStackFixture stack)
{
    [Fact]
    public async Task An_avatar_is_previewed_before_upload_shown_after_it_and_can_be_removed()
    {
        var page = await stack.NewPageAsync();
        await WebUser.New().SignUpAsync(page);
        await page.GotoAsync("profile");
        await Assertions.Expect(page.GetByTestId("no-avatar")).ToHaveTextAsync("A");

        await page.GetByLabel("Image").SetInputFilesAsync(new FilePayload
        {
            Name = "me.png",
            MimeType = "image/png",
            Buffer = AvatarImages.Encode(SKEncodedImageFormat.Png, 640, 480),
        });
        var preview = page.GetByTestId("avatar-preview");
        await Assertions.Expect(preview).ToBeVisibleAsync();
        await Assertions.Expect(preview).ToHaveAttributeAsync("src", new System.Text.RegularExpressions.Regex("^blob:"));

        await page.GetByRole(AriaRole.Button, new() { Name = "Upload avatar" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Avatar saved.")).ToBeVisibleAsync();
        var avatar = page.GetByTestId("avatar");
        await Assertions.Expect(avatar).ToBeVisibleAsync();
        // The image the page shows is the API's re-encoded 256 px square, loaded through the web app.
        var src = await avatar.GetAttributeAsync("src");
        var image = await page.Context.APIRequest.GetAsync(src!);
        Assert.Equal(200, image.Status);
        Assert.Matches("^image/(png|webp)$", image.Headers["content-type"]);
        await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=avatar]').complete");
        Assert.Equal(256, await avatar.EvaluateAsync<int>("img => img.naturalWidth"));
        Assert.Equal(256, await avatar.EvaluateAsync<int>("img => img.naturalHeight"));
        await BrowserStack.ScreenshotAsync(page, nameof(An_avatar_is_previewed_before_upload_shown_after_it_and_can_be_removed) + "_saved");

        await page.GetByRole(AriaRole.Button, new() { Name = "Remove avatar" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Avatar removed.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("no-avatar")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("avatar")).ToHaveCountAsync(0);
        await BrowserStack.ScreenshotAsync(page);
    }

    [Fact]
    public async Task A_file_that_is_not_an_image_shows_the_APIs_error_next_to_the_field()
    {
        var page = await stack.NewPageAsync();
        await WebUser.New().SignUpAsync(page);
        await page.GotoAsync("profile");

        await page.GetByLabel("Image").SetInputFilesAsync(new FilePayload { Name = "notes.png", MimeType = "image/png", Buffer = "not an image"u8.ToArray() });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload avatar" }).ClickAsync();

        await Assertions.Expect(page.Locator("[data-field-error=file]")).ToContainTextAsync("PNG, JPEG or WebP");
        await Assertions.Expect(page.GetByTestId("no-avatar")).ToBeVisibleAsync();
        await BrowserStack.ScreenshotAsync(page);
    }
}
