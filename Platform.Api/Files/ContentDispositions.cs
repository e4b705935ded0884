using System.Text;

namespace Platform.Api.Files;

/// <summary>
/// <c>Content-Disposition: attachment</c> with an ASCII <c>filename</c> every client parses safely and the
/// exact name as RFC 8187 <c>filename*</c> (UTF-8, percent-encoded): no quote, backslash or control
/// character can end the header or start another.
/// </summary>
internal static class ContentDispositions
{
    // RFC 8187 attr-char without the ones that need escaping.
    private const string AttrChars = "!#$&+-.^_`|~";

    public static string Attachment(string name)
    {
        var ascii = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            ascii.Append(c is >= ' ' and < (char)0x7F and not '"' and not '\\' ? c : '_');
        }

        var encoded = new StringBuilder(name.Length * 3);
        foreach (var b in Encoding.UTF8.GetBytes(name))
        {
            if (char.IsAsciiLetterOrDigit((char)b) || AttrChars.Contains((char)b, StringComparison.Ordinal))
            {
                encoded.Append((char)b);
            }
            else
            {
                encoded.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return $"attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}";
    }
}
