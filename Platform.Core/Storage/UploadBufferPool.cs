using System.Collections.Concurrent;

namespace Platform.Core.Storage;

/// <summary>One part's worth of memory; <see cref="Pooled"/> ones go back to the pool, overflow ones to the GC.</summary>
internal sealed class UploadBuffer(byte[] array, bool pooled)
{
    public byte[] Array { get; } = array;
    public bool Pooled { get; } = pooled;
}

/// <summary>
/// The part buffers of all uploads in this process: at most <c>capacity</c> of <c>bufferSize</c> bytes are kept,
/// so memory does not grow with file size or with the number of uploads. Every upload gets one buffer (waiting
/// for a free one; after <see cref="OverflowAfter"/> it gets a throwaway one, so slow clients holding every pooled
/// buffer cannot stall everyone else); a second or third, which lets it read the next part while earlier ones
/// are sent, is taken only when one is free.
/// </summary>
internal sealed class UploadBufferPool(int bufferSize, int capacity) : IDisposable
{
    public static readonly TimeSpan OverflowAfter = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _slots = new(capacity, capacity);
    private readonly ConcurrentBag<byte[]> _free = [];

    public int BufferSize => bufferSize;

    /// <summary>A buffer for a new upload: pooled when one frees up soon enough, otherwise a throwaway one.</summary>
    public async ValueTask<UploadBuffer> RentAsync(CancellationToken cancellationToken)
    {
        if (await _slots.WaitAsync(OverflowAfter, cancellationToken))
        {
            return new UploadBuffer(Take(), pooled: true);
        }
        return new UploadBuffer(GC.AllocateUninitializedArray<byte>(bufferSize), pooled: false);
    }

    /// <summary>A pooled buffer if one is free right now.</summary>
    public bool TryRent(out UploadBuffer? buffer)
    {
        buffer = _slots.Wait(0) ? new UploadBuffer(Take(), pooled: true) : null;
        return buffer is not null;
    }

    public void Return(UploadBuffer buffer)
    {
        if (buffer.Pooled)
        {
            _free.Add(buffer.Array);
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();

    // Uninitialized: a buffer's pages become resident only as far as uploads actually fill it.
    private byte[] Take() => _free.TryTake(out var array) ? array : GC.AllocateUninitializedArray<byte>(bufferSize);
}
