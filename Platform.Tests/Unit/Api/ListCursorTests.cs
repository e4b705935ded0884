using Platform.Core.Paging;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Unit.Api;

[Trait(Category.Name, Category.Unit)]
public sealed class ListCursorTests
{
    private readonly ListCursor _cursors = ListCursor.FromKey("unit-test-key");
    private readonly ListPosition _position = new(new DateTimeOffset(2026, 11, 25, 6, 0, 0, TimeSpan.Zero).AddTicks(1230), Guid.CreateVersion7());

    [Fact]
    public void A_cursor_round_trips_within_its_scope()
    {
        var cursor = _cursors.Encode(_position, "user:a||");
        Assert.True(_cursors.TryDecode(cursor, "user:a||", out var decoded));
        Assert.Equal(_position, decoded);
    }

    [Theory]
    [InlineData("user:b||")]
    [InlineData("user:a|completed|")]
    [InlineData("user:a||milk")]
    [InlineData("files|user:a")]
    [InlineData("jobs|user:a")]
    public void A_cursor_is_rejected_in_another_scope(string scope) =>
        Assert.False(_cursors.TryDecode(_cursors.Encode(_position, "user:a||"), scope, out _));

    [Fact]
    public void Every_single_bit_flip_is_detected()
    {
        var bytes = Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlDecode(_cursors.Encode(_position, "s"));
        for (var bit = 0; bit < bytes.Length * 8; bit++)
        {
            var copy = (byte[])bytes.Clone();
            copy[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(_cursors.TryDecode(Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(copy), "s", out _));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("!!!!")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Garbage_is_rejected(string cursor) => Assert.False(_cursors.TryDecode(cursor, "s", out _));

    [Fact]
    public void A_cursor_signed_with_another_key_is_rejected()
    {
        var other = ListCursor.FromKey("someone else");
        Assert.False(_cursors.TryDecode(other.Encode(_position, "s"), "s", out _));
    }
}
