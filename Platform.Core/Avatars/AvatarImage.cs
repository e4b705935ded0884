using SkiaSharp;

namespace Platform.Core.Avatars;

public enum AvatarImageProblem
{
    None,
    /// <summary>Not PNG, JPEG or WebP by its bytes, or not decodable.</summary>
    NotAnImage,
    /// <summary>The header claims more pixels than an avatar may have (a decompression bomb, or just too big).</summary>
    TooManyPixels,
}

/// <summary>A re-encoded avatar: square, <see cref="AvatarImage.Size"/> pixels, no metadata.</summary>
public sealed record AvatarRendition(byte[] Bytes, string ContentType);

/// <summary>
/// Avatar decoding with SkiaSharp. The format is decided by magic bytes, the dimensions are read from the header
/// before any pixel is decoded (so a tiny file claiming 20,000 × 20,000 is refused without allocating), and the
/// output is drawn fresh and encoded as WebP, which carries none of the input's EXIF/GPS/XMP. The EXIF orientation
/// is applied while drawing, since the output has no tag left to say how to turn it.
/// </summary>
public static class AvatarImage
{
    public const int Size = 256;
    public const int MaxSide = 10_000;
    public const long MaxPixels = 40_000_000;
    public const string WebP = "image/webp";
    public const string Png = "image/png";

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The format the bytes say they are; null for anything else (whatever the file was called).</summary>
    public static SKEncodedImageFormat? Sniff(ReadOnlySpan<byte> data)
    {
        if (data.StartsWith(PngSignature))
        {
            return SKEncodedImageFormat.Png;
        }
        if (data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
        {
            return SKEncodedImageFormat.Jpeg;
        }
        if (data.Length >= 12 && data[..4].SequenceEqual("RIFF"u8) && data.Slice(8, 4).SequenceEqual("WEBP"u8))
        {
            return SKEncodedImageFormat.Webp;
        }
        return null;
    }

    public static (AvatarImageProblem Problem, AvatarRendition? Rendition) Render(ReadOnlySpan<byte> data)
    {
        if (Sniff(data) is not { } format)
        {
            return (AvatarImageProblem.NotAnImage, null);
        }

        using var encoded = SKData.CreateCopy(data);
        using var codec = SKCodec.Create(encoded);
        if (codec is null || codec.EncodedFormat != format)
        {
            return (AvatarImageProblem.NotAnImage, null);
        }

        // Header only: nothing is decoded or allocated for the pixels yet.
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (width <= 0 || height <= 0 || width > MaxSide || height > MaxSide || (long)width * height > MaxPixels)
        {
            return (AvatarImageProblem.TooManyPixels, null);
        }

        var decodeInfo = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var bitmap = new SKBitmap(decodeInfo);
        var result = codec.GetPixels(decodeInfo, bitmap.GetPixels());
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
        {
            return (AvatarImageProblem.NotAnImage, null);
        }

        return (AvatarImageProblem.None, Encode(bitmap, codec.EncodedOrigin));
    }

    /// <summary>
    /// The centre square, scaled to <see cref="Size"/> with mipmaps (no aliasing on big downscales) and turned
    /// upright. Turning and flipping map a centred square onto itself, so the crop can be taken before turning.
    /// </summary>
    private static AvatarRendition Encode(SKBitmap bitmap, SKEncodedOrigin origin)
    {
        var side = Math.Min(bitmap.Width, bitmap.Height);
        var source = SKRect.Create((bitmap.Width - side) / 2f, (bitmap.Height - side) / 2f, side, side);
        using var surface = SKSurface.Create(new SKImageInfo(Size, Size, SKColorType.Rgba8888, SKAlphaType.Premul));
        surface.Canvas.Clear(SKColors.Transparent);
        surface.Canvas.SetMatrix(Upright(origin, Size));
        using (var image = SKImage.FromBitmap(bitmap))
        {
            surface.Canvas.DrawImage(image, source, SKRect.Create(Size, Size), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear), null);
        }
        surface.Canvas.ResetMatrix();
        surface.Canvas.Flush();

        using var snapshot = surface.Snapshot();
        using var webp = snapshot.Encode(SKEncodedImageFormat.Webp, 90);
        if (webp is not null)
        {
            return new AvatarRendition(webp.ToArray(), WebP);
        }
        using var png = snapshot.Encode(SKEncodedImageFormat.Png, 100);
        return new AvatarRendition(png.ToArray(), Png);
    }

    /// <summary>
    /// Maps a <paramref name="side"/> × <paramref name="side"/> image as stored to how it is meant to be seen
    /// (EXIF orientation 1–8; the same matrices as Skia's <c>SkEncodedOriginToMatrix</c>).
    /// </summary>
    private static SKMatrix Upright(SKEncodedOrigin origin, float side) => origin switch
    {
        SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, side, 0, 1, 0, 0, 0, 1),
        SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, side, 0, -1, side, 0, 0, 1),
        SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, side, 0, 0, 1),
        SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightTop => new SKMatrix(0, -1, side, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, side, -1, 0, side, 0, 0, 1),
        SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, side, 0, 0, 1),
        _ => SKMatrix.Identity,
    };
}
