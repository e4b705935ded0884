using System.Diagnostics;
using Platform.Tests.Infrastructure;
using Platform.Tests.Integration.Auth;

namespace Platform.Tests.Integration.Files;

/// <summary>
/// Measures the test process's peak working set (the API runs in it), so nothing else may run meanwhile:
/// the collection runs alone, after the parallel ones.
/// </summary>
[CollectionDefinition(nameof(AvatarMemoryTests), DisableParallelization = true)]
public sealed class AvatarMemoryCollection;

[Collection(nameof(AvatarMemoryTests))]
[Trait(Category.Name, Category.Integration)]
public sealed class AvatarMemoryTests(FilesStack stack) : IClassFixture<FilesStack>
{
    [Fact]
    public async Task A_pixel_bomb_is_refused_from_its_header_without_decoding()
    {
        using var user = await stack.SignUpAsync();
        using var api = await stack.ApiAsync(user);
        var bomb = AvatarImages.PixelBomb();
        Assert.True(bomb.Length < 200);
        using var process = Process.GetCurrentProcess();
        var peakBefore = process.PeakWorkingSet64;

        using var response = await api.PutAsync(FileUploads.Url("/api/me/avatar"), AvatarTests.Raw(bomb, "image/png"));

        await response.AssertValidationProblemAsync("file");
        process.Refresh();
        // Decoding would need 20,000 × 20,000 × 4 bytes = 1.6 GB.
        Assert.InRange(process.PeakWorkingSet64 - peakBefore, 0, 512L * 1024 * 1024);
    }
}
