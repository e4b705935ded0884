using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Platform.Core.Paging;

/// <summary>
/// A keyset position in a list sorted newest first by (timestamp, id): tasks and files by <c>created_at</c>,
/// jobs by <c>created_at</c>, job runs by <c>started_at</c>.
/// </summary>
public readonly record struct ListPosition(DateTimeOffset At, Guid Id);

/// <summary>One page of a keyset list: the items and where the next page starts (null on the last page).</summary>
public sealed record KeysetPage<T>(IReadOnlyList<T> Items, ListPosition? Next);

/// <summary>
/// Opaque, tamper-evident list cursors for every list of the API: base64url(version | ticks | id | HMAC-SHA256[..16])
/// where the MAC also covers a scope (the list, the tenant and the list's filters), so a cursor only continues the
/// list it came from. Each service names its scope (<c>TaskService.CursorScope</c>, <c>FileService.CursorScope</c>, …);
/// scopes of different lists must not be able to collide.
/// </summary>
public sealed class ListCursor(byte[] key)
{
    private const byte Version = 1;
    private const int MacLength = 16;
    private const int PayloadLength = 1 + 8 + 16;

    /// <summary>From the configured secret (<c>Tasks:CursorKey</c>); without one a fixed development key still detects edits.</summary>
    public static ListCursor FromKey(string? cursorKey) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes(cursorKey ?? "platform-development-cursor-key")));

    public string Encode(ListPosition position, string scope)
    {
        Span<byte> buffer = stackalloc byte[PayloadLength + MacLength];
        buffer[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(buffer[1..], position.At.UtcTicks);
        position.Id.TryWriteBytes(buffer[9..25], bigEndian: true, out _);
        Mac(buffer[..PayloadLength], scope, buffer[PayloadLength..]);
        return WebEncoders.Base64UrlEncode(buffer.ToArray());
    }

    public bool TryDecode(string? cursor, string scope, out ListPosition position)
    {
        position = default;
        if (string.IsNullOrEmpty(cursor) || cursor.Length > 64)
        {
            return false;
        }

        byte[] bytes;
        try
        {
            bytes = WebEncoders.Base64UrlDecode(cursor);
        }
        catch (FormatException)
        {
            return false;
        }

        if (bytes.Length != PayloadLength + MacLength || bytes[0] != Version)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[MacLength];
        Mac(bytes.AsSpan(0, PayloadLength), scope, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, bytes.AsSpan(PayloadLength)))
        {
            return false;
        }

        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(1));
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }

        position = new ListPosition(new DateTimeOffset(ticks, TimeSpan.Zero), new Guid(bytes.AsSpan(9, 16), bigEndian: true));
        return true;
    }

    /// <summary>
    /// Decodes <paramref name="cursor"/> (null: the first page) or adds the <c>cursor</c> field error every list
    /// answers with, so each endpoint validates cursors the same way.
    /// </summary>
    public ListPosition? DecodeOrAddError(string? cursor, string scope, IDictionary<string, string[]> errors)
    {
        if (cursor is null)
        {
            return null;
        }
        if (TryDecode(cursor, scope, out var position))
        {
            return position;
        }
        errors["cursor"] = [InvalidCursorMessage];
        return null;
    }

    public const string InvalidCursorMessage = "'cursor' is not a cursor this list issued.";

    private void Mac(ReadOnlySpan<byte> payload, string scope, Span<byte> destination)
    {
        var scopeBytes = Encoding.UTF8.GetBytes(scope);
        var input = new byte[payload.Length + scopeBytes.Length];
        payload.CopyTo(input);
        scopeBytes.CopyTo(input.AsSpan(payload.Length));
        Span<byte> full = stackalloc byte[32];
        HMACSHA256.HashData(key, input, full);
        full[..MacLength].CopyTo(destination);
    }
}
