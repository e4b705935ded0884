using Platform.Api.Files;
using Platform.Core.Files;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Unit.Files;

[Trait(Category.Name, Category.Unit)]
public sealed class FileRulesTests
{
    [Theory]
    [InlineData(null, 1000, RangeKind.Whole, 0, 1000)]
    [InlineData("bytes=0-99", 1000, RangeKind.Partial, 0, 100)]
    [InlineData("bytes=100-", 1000, RangeKind.Partial, 100, 900)]
    [InlineData("bytes=-10", 1000, RangeKind.Partial, 990, 10)]
    [InlineData("bytes=-5000", 1000, RangeKind.Partial, 0, 1000)]
    [InlineData("bytes=990-5000", 1000, RangeKind.Partial, 990, 10)]
    [InlineData("bytes=1000-", 1000, RangeKind.Unsatisfiable, 0, 0)]
    [InlineData("bytes=-0", 1000, RangeKind.Unsatisfiable, 0, 0)]
    [InlineData("bytes=-1", 0, RangeKind.Unsatisfiable, 0, 0)]
    [InlineData("bytes=0-0", 0, RangeKind.Unsatisfiable, 0, 0)]
    [InlineData("bytes=5-1", 1000, RangeKind.Whole, 0, 1000)]
    [InlineData("bytes=0-1,5-6", 1000, RangeKind.Whole, 0, 1000)]
    [InlineData("items=0-1", 1000, RangeKind.Whole, 0, 1000)]
    [InlineData("bytes=abc", 1000, RangeKind.Whole, 0, 1000)]
    [InlineData("bytes=99999999999999999999-", 1000, RangeKind.Whole, 0, 1000)]
    public void Ranges_resolve_as_rfc_9110_says(string? header, long size, RangeKind kind, long offset, long length)
    {
        var (actualKind, range) = ByteRanges.Resolve(header, size);

        Assert.Equal(kind, actualKind);
        if (kind != RangeKind.Unsatisfiable)
        {
            Assert.Equal(new ByteRange(offset, length), range);
        }
    }

    [Theory]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("..\\..\\windows\\win.ini", "win.ini")]
    [InlineData("a\r\nSet-Cookie: x", "aSet-Cookie: x")]
    [InlineData("  report.pdf  ", "report.pdf")]
    [InlineData("evil\u202Egpj.exe", "evilgpj.exe")]
    [InlineData("nul\0byte", "nulbyte")]
    [InlineData("..", "file")]
    [InlineData("dir/", "file")]
    [InlineData("", "file")]
    [InlineData(null, "file")]
    [InlineData("e\u0301t\u00e9", "\u00e9t\u00e9")]
    public void Display_names_keep_only_a_safe_last_segment(string? original, string expected) =>
        Assert.Equal(expected, FileNames.ToDisplayName(original));

    [Fact]
    public void Display_names_are_cut_to_255_without_splitting_a_surrogate_pair()
    {
        var name = FileNames.ToDisplayName(new string('a', 254) + "😀😀");

        Assert.Equal(254, name.Length);
        Assert.Equal(new string('a', 254), name);
    }

    [Theory]
    [InlineData("text/html", "text/html", "application/octet-stream")]
    [InlineData("image/svg+xml", "image/svg+xml", "application/octet-stream")]
    [InlineData("IMAGE/PNG; charset=x", "image/png", "image/png")]
    [InlineData("not a type", "application/octet-stream", "application/octet-stream")]
    [InlineData("*/*", "application/octet-stream", "application/octet-stream")]
    [InlineData(null, "application/octet-stream", "application/octet-stream")]
    public void Content_types_are_normalized_and_active_ones_downloaded_as_bytes(string? declared, string stored, string served)
    {
        Assert.Equal(stored, FileContentTypes.Normalize(declared));
        Assert.Equal(served, FileContentTypes.ForDownload(FileContentTypes.Normalize(declared)));
    }

    [Fact]
    public void Content_disposition_has_an_ascii_fallback_and_the_exact_name_in_utf8()
    {
        Assert.Equal("attachment; filename=\"caf_ _x_.txt\"; filename*=UTF-8''caf%C3%A9%20%22x%22.txt",
            ContentDispositions.Attachment("café \"x\".txt"));
    }
}
