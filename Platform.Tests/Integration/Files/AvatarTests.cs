using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Platform.Tests.Infrastructure;
using Platform.Tests.Integration.Auth;
using SkiaSharp;

namespace Platform.Tests.Integration.Files;

[Trait(Category.Name, Category.Integration)]
public sealed class AvatarTests(FilesStack stack) : IClassFixture<FilesStack>
{
    public static TheoryData<string> Formats => ["png", "jpeg-exif-gps", "webp"];

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task A_valid_image_is_stored_as_a_256_pixel_square_without_metadata(string kind)
    {
        using var user = await stack.SignUpAsync();
        using var api = await stack.ApiAsync(user);
        var image = kind switch
        {
            "png" => AvatarImages.Encode(SKEncodedImageFormat.Png, 640, 480),
            "webp" => AvatarImages.Encode(SKEncodedImageFormat.Webp, 300, 500),
            _ => AvatarImages.JpegWithExifGps(800, 600),
        };

        using var put = await api.PutAsync(FileUploads.Url("/api/me/avatar"), Raw(image, "application/octet-stream"));
        await put.EnsureStatusAsync(HttpStatusCode.OK);

        using var get = await api.GetAsync(FileUploads.Url("/api/me/avatar"));
        await get.EnsureStatusAsync(HttpStatusCode.OK);
        var stored = await get.Content.ReadAsByteArrayAsync();
        using var codec = SKCodec.Create(new MemoryStream(stored));
        Assert.Equal((256, 256), (codec.Info.Width, codec.Info.Height));
        Assert.Equal(get.Content.Headers.ContentType?.MediaType, codec.EncodedFormat == SKEncodedImageFormat.Webp ? "image/webp" : "image/png");
        Assert.Equal(-1, stored.AsSpan().IndexOf("Exif"u8));
        Assert.Equal(-1, stored.AsSpan().IndexOf(AvatarImages.GpsMarker.AsSpan(0, 12)));
        Assert.True(get.Headers.CacheControl?.Private);
        Assert.Equal(TimeSpan.FromMinutes(5), get.Headers.CacheControl?.MaxAge);
        Assert.NotNull(get.Headers.ETag);
    }

    [Fact]
    public async Task The_jpeg_fixture_really_carries_exif_gps()
    {
        var jpeg = AvatarImages.JpegWithExifGps(80, 60);
        Assert.NotEqual(-1, jpeg.AsSpan().IndexOf("Exif\0\0MM"u8));
        using var codec = SKCodec.Create(new MemoryStream(jpeg));
        Assert.Equal(SKEncodedImageFormat.Jpeg, codec.EncodedFormat);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Multipart_upload_works_and_if_none_match_answers_304_and_delete_removes_it()
    {
        using var user = await stack.SignUpAsync();
        using var api = await stack.ApiAsync(user);
        using var body = FileUploads.Multipart(new MemoryStream(AvatarImages.Encode(SKEncodedImageFormat.Png, 64, 64)), "me.png", "image/png");

        using var put = await api.PutAsync(FileUploads.Url("/api/me/avatar"), body);
        await put.EnsureStatusAsync(HttpStatusCode.OK);
        using var first = await api.GetAsync(FileUploads.Url("/api/me/avatar"));
        using var conditional = new HttpRequestMessage(HttpMethod.Get, FileUploads.Url("/api/me/avatar"));
        conditional.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var notModified = await api.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        using var deleted = await api.DeleteAsync(FileUploads.Url("/api/me/avatar"));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var gone = await api.GetAsync(FileUploads.Url("/api/me/avatar"));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Text_renamed_to_png_answers_400()
    {
        using var user = await stack.SignUpAsync();
        using var api = await stack.ApiAsync(user);
        using var body = FileUploads.Multipart(new MemoryStream(Encoding.UTF8.GetBytes("just some notes, honestly")), "photo.png", "image/png");

        using var response = await api.PutAsync(FileUploads.Url("/api/me/avatar"), body);

        await response.AssertValidationProblemAsync("file");
    }

    [Fact]
    public async Task More_than_2_mib_answers_413()
    {
        using var user = await stack.SignUpAsync();
        using var api = await stack.ApiAsync(user);

        using var response = await api.PutAsync(FileUploads.Url("/api/me/avatar"), new StreamContent(new GeneratedStream(3 * 1024 * 1024)));

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    internal static ByteArrayContent Raw(byte[] bytes, string contentType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }
}
