using Platform.Core.Avatars;
using Platform.Tests.Infrastructure;
using Platform.Tests.Integration.Files;
using SkiaSharp;

namespace Platform.Tests.Unit.Files;

/// <summary>A phone photo is stored sideways with an EXIF Orientation tag; its avatar must come out upright.</summary>
[Trait(Category.Name, Category.Unit)]
public sealed class AvatarOrientationTests
{
    // Stored quadrants: R G / B Y. Expected as seen: top-left, top-right, bottom-left, bottom-right (EXIF 2.32, tag 0x0112).
    [Theory]
    [InlineData(1, "RGBY")]
    [InlineData(2, "GRYB")]
    [InlineData(3, "YBGR")]
    [InlineData(4, "BYRG")]
    [InlineData(5, "RBGY")]
    [InlineData(6, "BRYG")]
    [InlineData(7, "YGBR")]
    [InlineData(8, "GYRB")]
    public void A_jpeg_with_an_exif_orientation_becomes_an_upright_avatar(ushort orientation, string expected)
    {
        var jpeg = AvatarImages.JpegWithOrientation(orientation);

        var (problem, rendition) = AvatarImage.Render(jpeg);

        Assert.Equal(AvatarImageProblem.None, problem);
        using var output = SKBitmap.Decode(rendition!.Bytes);
        Assert.Equal((AvatarImage.Size, AvatarImage.Size), (output.Width, output.Height));
        var (near, far) = (AvatarImage.Size / 4, AvatarImage.Size * 3 / 4);
        var seen = string.Concat(new[] { (near, near), (far, near), (near, far), (far, far) }
            .Select(p => Nearest(output.GetPixel(p.Item1, p.Item2))));
        Assert.Equal(expected, seen);
    }

    [Theory]
    [InlineData(1, SKEncodedOrigin.TopLeft)]
    [InlineData(6, SKEncodedOrigin.RightTop)]
    [InlineData(8, SKEncodedOrigin.LeftBottom)]
    public void The_orientation_fixture_carries_a_tag_a_decoder_reads(ushort orientation, SKEncodedOrigin origin)
    {
        using var codec = SKCodec.Create(new MemoryStream(AvatarImages.JpegWithOrientation(orientation)));

        Assert.Equal(origin, codec.EncodedOrigin);
    }

    private static char Nearest(SKColor color)
    {
        var names = "RGBY";
        var best = 0;
        var bestDistance = int.MaxValue;
        for (var i = 0; i < AvatarImages.StoredQuadrants.Length; i++)
        {
            var q = AvatarImages.StoredQuadrants[i];
            var distance = Square(q.Red - color.Red) + Square(q.Green - color.Green) + Square(q.Blue - color.Blue);
            if (distance < bestDistance)
            {
                (best, bestDistance) = (i, distance);
            }
        }
        return names[best];
    }

    private static int Square(int value) => value * value;
}
