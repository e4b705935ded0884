using System.Security.Cryptography;
using Platform.Core.IO;

namespace Platform.Core.Files;

/// <summary>
/// Passes an upload through while counting and hashing it (SHA-256), and fails the read that would go past
/// <c>maxBytes</c>: the store sees an error mid-stream and never completes the object.
/// </summary>
internal sealed class UploadStream(Stream inner, long maxBytes) : ReadOnlyStream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public long BytesRead { get; private set; }

    public bool LimitExceeded { get; private set; }

    public string HashHex() => Convert.ToHexStringLower(_hash.GetHashAndReset());

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        // Never ask for more than one byte past the limit: a too-large upload is caught at the first extra byte.
        var room = maxBytes - BytesRead + 1;
        var read = await inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, room)], cancellationToken);
        Account(buffer.Span[..read]);
        return read;
    }

    public override int Read(Span<byte> buffer)
    {
        var room = maxBytes - BytesRead + 1;
        var read = inner.Read(buffer[..(int)Math.Min(buffer.Length, room)]);
        Account(buffer[..read]);
        return read;
    }

    private void Account(ReadOnlySpan<byte> chunk)
    {
        BytesRead += chunk.Length;
        if (BytesRead > maxBytes)
        {
            LimitExceeded = true;
            throw new UploadTooLargeException(maxBytes);
        }
        _hash.AppendData(chunk);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }
        base.Dispose(disposing);
    }
}

/// <summary>An upload went past <c>Storage:MaxUploadBytes</c>.</summary>
public sealed class UploadTooLargeException : Exception
{
    public UploadTooLargeException()
    {
    }

    public UploadTooLargeException(long maxBytes)
        : base($"The upload is larger than the limit of {maxBytes} bytes.") => MaxBytes = maxBytes;

    public UploadTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public long MaxBytes { get; }
}
