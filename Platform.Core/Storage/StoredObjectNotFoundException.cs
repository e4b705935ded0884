namespace Platform.Core.Storage;

/// <summary>The key has no object: deleted, never uploaded, or a row that points nowhere.</summary>
public sealed class StoredObjectNotFoundException : Exception
{
    public StoredObjectNotFoundException()
    {
    }

    public StoredObjectNotFoundException(string key)
        : base($"No stored object has the key '{key}'.") => Key = key;

    public StoredObjectNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public string? Key { get; }
}
