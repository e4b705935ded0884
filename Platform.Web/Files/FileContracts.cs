namespace Platform.Web.Files;

public sealed record FileItem(
    string Id,
    string? Name,
    string? FileName,
    string? ContentType,
    long? Size,
    long? SizeBytes,
    DateTimeOffset? CreatedAt)
{
    public string DisplayName => Name ?? FileName ?? Id;

    public long Length => Size ?? SizeBytes ?? 0;
}

public static class ByteSize
{
    public static string Format(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.#} KiB",
        < 1024L * 1024 * 1024 => $"{bytes / (1024.0 * 1024):0.#} MiB",
        _ => $"{bytes / (1024.0 * 1024 * 1024):0.##} GiB",
    };
}
