namespace Platform.Core.Storage;

/// <summary>
/// The project's object storage (DESIGN §7): one bucket, keys are opaque ids (<c>{tenant}/{fileId}</c>),
/// never user file names. Streams in and out; nothing is buffered whole.
/// </summary>
public interface IObjectStore
{
    /// <summary>Stores <paramref name="content"/> (length unknown up front) under <paramref name="key"/>, replacing what was there.</summary>
    Task<StoredObject> PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken = default);

    /// <summary>The object's bytes as a network stream; the caller disposes it.</summary>
    /// <exception cref="StoredObjectNotFoundException">No object has this key.</exception>
    Task<Stream> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary><paramref name="length"/> bytes from <paramref name="offset"/> (fewer when the object ends first).</summary>
    /// <exception cref="StoredObjectNotFoundException">No object has this key.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="offset"/> is at or past the end of the object.</exception>
    Task<Stream> GetRangeAsync(string key, long offset, long length, CancellationToken cancellationToken = default);

    /// <summary>The object's metadata, or null when there is none.</summary>
    Task<StoredObject?> StatAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Removes the object; removing one that does not exist succeeds.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Every object whose key starts with <paramref name="prefix"/>, at any depth, in key order.</summary>
    IAsyncEnumerable<StoredObject> ListAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>A URL that downloads the object without credentials until <paramref name="expiry"/> has passed.</summary>
    Task<Uri> PresignGetAsync(string key, TimeSpan expiry, CancellationToken cancellationToken = default);

    /// <summary>A URL that accepts one HTTP PUT of the object's bytes until <paramref name="expiry"/> has passed.</summary>
    Task<Uri> PresignPutAsync(string key, TimeSpan expiry, CancellationToken cancellationToken = default);
}
