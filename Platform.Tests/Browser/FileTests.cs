using System.Security.Cryptography;
using Microsoft.Playwright;
using Platform.Tests.EndToEnd;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Browser;

[Collection(PlatformStackCollection.Name)]
[Trait(Category.Name, Category.Browser)]
public sealed class FileTests(PlatformStackFixture stack)
{
    [Fact]
    public async Task An_uploaded_file_is_listed_downloads_byte_identical_and_can_be_deleted()
    {
        var page = await stack.NewPageAsync();
        await WebUser.New().SignUpAsync(page);
        // Every byte value, in an order no text transformation would preserve.
        var bytes = RandomNumberGenerator.GetBytes(300 * 1024);

        await page.GotoAsync("files");
        await Assertions.Expect(page.GetByTestId("empty")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Up to 100 MiB")).ToBeVisibleAsync();
        await page.GetByLabel("File", new() { Exact = true }).SetInputFilesAsync(new FilePayload { Name = "report.bin", MimeType = "application/octet-stream", Buffer = bytes });
        await Assertions.Expect(page.GetByText("report.bin: 0.29 MiB")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();
        await Assertions.Expect(page.GetByText("File uploaded.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("file-link")).ToHaveTextAsync("report.bin");
        await Assertions.Expect(page.GetByTestId("files")).ToContainTextAsync("300 KiB");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("file-link").ClickAsync());
        Assert.Equal("report.bin", download.SuggestedFilename);
        var downloaded = await File.ReadAllBytesAsync(await download.PathAsync());
        Assert.Equal(SHA256.HashData(bytes), SHA256.HashData(downloaded));

        await page.GetByRole(AriaRole.Link, new() { Name = "Delete report.bin" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm delete" }).ClickAsync();
        await Assertions.Expect(page.GetByText("File deleted.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("empty")).ToBeVisibleAsync();
        await BrowserStack.ScreenshotAsync(page);
    }
}
