using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Platform.Core.Tasks;

/// <summary>A keyset position (created_at, id) in a task list.</summary>
public readonly record struct TaskPosition(DateTimeOffset CreatedAt, Guid Id);

/// <summary>
/// Opaque, tamper-evident list cursors: base64url(version | ticks | id | HMAC-SHA256[..16]) where the MAC also
/// covers the tenant and the list's filters, so a cursor only continues the list it came from.
/// </summary>
public sealed class TaskCursor(byte[] key)
{
    private const byte Version = 1;
    private const int MacLength = 16;
    private const int PayloadLength = 1 + 8 + 16;

    public static TaskCursor FromOptions(TaskOptions options) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes(options.CursorKey ?? "platform-development-cursor-key")));

    public string Encode(TaskPosition position, string scope)
    {
        Span<byte> buffer = stackalloc byte[PayloadLength + MacLength];
        buffer[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(buffer[1..], position.CreatedAt.UtcTicks);
        position.Id.TryWriteBytes(buffer[9..25], bigEndian: true, out _);
        Mac(buffer[..PayloadLength], scope, buffer[PayloadLength..]);
        return WebEncoders.Base64UrlEncode(buffer.ToArray());
    }

    public bool TryDecode(string? cursor, string scope, out TaskPosition position)
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

        position = new TaskPosition(new DateTimeOffset(ticks, TimeSpan.Zero), new Guid(bytes.AsSpan(9, 16), bigEndian: true));
        return true;
    }

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
