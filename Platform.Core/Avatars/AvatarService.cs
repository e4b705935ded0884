using System.Buffers;
using Platform.Core.Storage;

namespace Platform.Core.Avatars;

public enum AvatarOutcome
{
    Done,
    NotFound,
    TooLarge,
    NotAnImage,
    TooManyPixels,
}

/// <summary>
/// One avatar per user, stored re-encoded under <c>avatars/{userId}</c> (outside the tenant prefixes the
/// file sweep looks at). The upload is small (≤ 2 MiB), so it is read into a pooled buffer before decoding.
/// </summary>
public sealed class AvatarService(IObjectStore store)
{
    public const int MaxBytes = 2 * 1024 * 1024;

    public static string KeyFor(string userId) => $"avatars/{userId}";

    public async Task<(AvatarOutcome Outcome, StoredObject? Stored)> SaveAsync(string userId, Stream body, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxBytes + 1);
        try
        {
            var length = await body.ReadAtLeastAsync(buffer.AsMemory(0, MaxBytes + 1), MaxBytes + 1, throwOnEndOfStream: false, cancellationToken);
            if (length > MaxBytes)
            {
                return (AvatarOutcome.TooLarge, null);
            }

            var (problem, rendition) = AvatarImage.Render(buffer.AsSpan(0, length));
            switch (problem)
            {
                case AvatarImageProblem.NotAnImage:
                    return (AvatarOutcome.NotAnImage, null);
                case AvatarImageProblem.TooManyPixels:
                    return (AvatarOutcome.TooManyPixels, null);
            }

            using var content = new MemoryStream(rendition!.Bytes, writable: false);
            var stored = await store.PutAsync(KeyFor(userId), content, rendition.ContentType, cancellationToken);
            return (AvatarOutcome.Done, stored with { ContentType = rendition.ContentType });
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The avatar's metadata (ETag, type, size), or null when the user has none.</summary>
    public Task<StoredObject?> StatAsync(string userId, CancellationToken cancellationToken) =>
        store.StatAsync(KeyFor(userId), cancellationToken);

    /// <summary>The avatar's bytes (the caller disposes them), or null when it was removed meanwhile.</summary>
    public async Task<Stream?> OpenAsync(string userId, CancellationToken cancellationToken)
    {
        try
        {
            return await store.GetAsync(KeyFor(userId), cancellationToken);
        }
        catch (StoredObjectNotFoundException)
        {
            return null;
        }
    }

    public async Task<AvatarOutcome> DeleteAsync(string userId, CancellationToken cancellationToken)
    {
        if (await store.StatAsync(KeyFor(userId), cancellationToken) is null)
        {
            return AvatarOutcome.NotFound;
        }
        await store.DeleteAsync(KeyFor(userId), cancellationToken);
        return AvatarOutcome.Done;
    }
}
