namespace Platform.Web.Accounts;

/// <summary>The API's answer to <c>PUT /api/me/avatar</c>.</summary>
public sealed record AvatarInfo(string Url, string ContentType, long Size);

public static class Avatars
{
    /// <summary>The API's limit (DESIGN §5), shown before upload.</summary>
    public const long MaxBytes = 2 * 1024 * 1024;

    public const string Accept = "image/png,image/jpeg,image/webp";
}
