using System.Buffers.Binary;
using System.IO.Hashing;
using SkiaSharp;

namespace Platform.Tests.Integration.Files;

/// <summary>Test images made with SkiaSharp, and hand-crafted bytes where an encoder would not cooperate.</summary>
public static class AvatarImages
{
    public static readonly byte[] GpsMarker = "platform-gps-marker\0"u8.ToArray();

    public static byte[] Encode(SKEncodedImageFormat format, int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.CornflowerBlue);
            using var paint = new SKPaint { Color = SKColors.Orange };
            canvas.DrawCircle(width / 2f, height / 2f, Math.Min(width, height) / 3f, paint);
        }
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 90);
        return data.ToArray();
    }

    /// <summary>
    /// The JPEG with an APP1 Exif segment right after SOI: IFD0 with an ImageDescription (the marker) and a GPS
    /// IFD holding latitude N 52° 31' 12".
    /// </summary>
    public static byte[] JpegWithExifGps(int width, int height)
    {
        var jpeg = Encode(SKEncodedImageFormat.Jpeg, width, height);
        var tiff = new byte[92 + GpsMarker.Length];
        var t = tiff.AsSpan();
        "MM"u8.CopyTo(t);
        BinaryPrimitives.WriteUInt16BigEndian(t[2..], 42);
        BinaryPrimitives.WriteUInt32BigEndian(t[4..], 8);
        // IFD0 at 8: ImageDescription → marker at 92, GPSInfo → GPS IFD at 38.
        BinaryPrimitives.WriteUInt16BigEndian(t[8..], 2);
        Entry(t[10..], 0x010E, 2, (uint)GpsMarker.Length, 92);
        Entry(t[22..], 0x8825, 4, 1, 38);
        BinaryPrimitives.WriteUInt32BigEndian(t[34..], 0);
        // GPS IFD at 38: GPSLatitudeRef "N" inline, GPSLatitude three rationals at 68.
        BinaryPrimitives.WriteUInt16BigEndian(t[38..], 2);
        Entry(t[40..], 0x0001, 2, 2, 0x4E00_0000);
        Entry(t[52..], 0x0002, 5, 3, 68);
        BinaryPrimitives.WriteUInt32BigEndian(t[64..], 0);
        uint[] rationals = [52, 1, 31, 1, 12, 1];
        for (var i = 0; i < rationals.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(t[(68 + (4 * i))..], rationals[i]);
        }
        GpsMarker.CopyTo(t[92..]);
        return WithExif(jpeg, tiff);
    }

    /// <summary>
    /// A square JPEG stored with four coloured quadrants (<see cref="StoredQuadrants"/>: red, green / blue, yellow)
    /// and an EXIF Orientation tag (1–8) saying how it must be turned to be seen upright, as phone cameras write.
    /// </summary>
    public static byte[] JpegWithOrientation(ushort orientation, int side = 400)
    {
        using var bitmap = new SKBitmap(side, side);
        using (var canvas = new SKCanvas(bitmap))
        {
            var half = side / 2f;
            for (var i = 0; i < 4; i++)
            {
                using var paint = new SKPaint { Color = StoredQuadrants[i] };
                canvas.DrawRect(SKRect.Create(i % 2 * half, i / 2 * half, half, half), paint);
            }
        }
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 95);

        var tiff = new byte[26];
        var t = tiff.AsSpan();
        "MM"u8.CopyTo(t);
        BinaryPrimitives.WriteUInt16BigEndian(t[2..], 42);
        BinaryPrimitives.WriteUInt32BigEndian(t[4..], 8);
        // IFD0 at 8 with one entry: Orientation (SHORT, left-justified in the value field).
        BinaryPrimitives.WriteUInt16BigEndian(t[8..], 1);
        Entry(t[10..], 0x0112, 3, 1, (uint)orientation << 16);
        BinaryPrimitives.WriteUInt32BigEndian(t[22..], 0);
        return WithExif(data.ToArray(), tiff);
    }

    /// <summary>Top-left, top-right, bottom-left, bottom-right as the pixels are stored.</summary>
    public static readonly SKColor[] StoredQuadrants = [SKColors.Red, SKColors.Lime, SKColors.Blue, SKColors.Yellow];

    /// <summary>The JPEG with an APP1 Exif segment holding <paramref name="tiff"/> right after SOI.</summary>
    private static byte[] WithExif(byte[] jpeg, byte[] tiff)
    {
        byte[] payload = [.. "Exif\0\0"u8, .. tiff];
        var segment = new byte[4 + payload.Length];
        segment[0] = 0xFF;
        segment[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(2 + payload.Length));
        payload.CopyTo(segment, 4);
        return [.. jpeg.AsSpan(0, 2), .. segment, .. jpeg.AsSpan(2)];
    }

    /// <summary>A valid 1×1 PNG whose IHDR (with a correct CRC) claims <paramref name="width"/> × <paramref name="height"/>.</summary>
    public static byte[] PixelBomb(uint width = 20_000, uint height = 20_000)
    {
        var png = Encode(SKEncodedImageFormat.Png, 1, 1);
        Assert.Equal("IHDR"u8.ToArray(), png.AsSpan(12, 4).ToArray());
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(16), width);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(20), height);
        // CRC over chunk type + data (4 + 13 bytes).
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29), Crc32.HashToUInt32(png.AsSpan(12, 17)));
        return png;
    }

    private static void Entry(Span<byte> at, ushort tag, ushort type, uint count, uint value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(at, tag);
        BinaryPrimitives.WriteUInt16BigEndian(at[2..], type);
        BinaryPrimitives.WriteUInt32BigEndian(at[4..], count);
        BinaryPrimitives.WriteUInt32BigEndian(at[8..], value);
    }
}
