using System.Buffers.Text;

namespace Platform.Core.Jobs;

/// <summary>Opaque keyset cursor: the id of a page's last item. Ids are UUIDv7, so id order is creation order.</summary>
public static class KeysetCursor
{
    public static string Encode(Guid id) => Base64Url.EncodeToString(id.ToByteArray(bigEndian: true));

    public static bool TryDecode(string? cursor, out Guid id)
    {
        id = default;
        if (string.IsNullOrEmpty(cursor) || cursor.Length != 22)
        {
            return false;
        }
        Span<byte> bytes = stackalloc byte[16];
        if (!Base64Url.TryDecodeFromChars(cursor, bytes, out var written) || written != 16)
        {
            return false;
        }
        id = new Guid(bytes, bigEndian: true);
        return true;
    }
}
