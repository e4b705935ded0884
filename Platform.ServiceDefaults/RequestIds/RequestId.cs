using System.Buffers;

namespace Platform.ServiceDefaults.RequestIds;

/// <summary>The request-id format of DESIGN §5: <c>^[A-Za-z0-9._:-]{1,128}$</c>.</summary>
public static class RequestId
{
    public const int MaxLength = 128;

    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-");

    public static bool IsValid(string? value) =>
        !string.IsNullOrEmpty(value)
        && value.Length <= MaxLength
        && !value.AsSpan().ContainsAnyExcept(Allowed);

    /// <summary>A new id: 32 lowercase hex characters (a random GUID, no dashes).</summary>
    public static string New() => Guid.NewGuid().ToString("N");
}
