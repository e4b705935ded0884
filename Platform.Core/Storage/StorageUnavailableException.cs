namespace Platform.Core.Storage;

/// <summary>
/// The S3 server could not be reached or answered with a server error (after the HttpClient's retries):
/// the caller can't continue and the API answers 503 with Retry-After (DESIGN §5).
/// </summary>
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException()
    {
    }

    public StorageUnavailableException(string message)
        : base(message)
    {
    }

    public StorageUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
