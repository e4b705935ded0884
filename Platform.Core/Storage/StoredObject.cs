namespace Platform.Core.Storage;

/// <summary>What the store knows about an object. <see cref="ContentType"/> is null in listings (S3 does not list it).</summary>
public sealed record StoredObject(string Key, long Size, string ETag, DateTimeOffset LastModified, string? ContentType);
