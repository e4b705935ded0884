using System.Globalization;
using System.Text;

namespace Platform.Core.Files;

/// <summary>Turns a client's file name into display data: no path, no control or format characters, at most 255 chars.</summary>
public static class FileNames
{
    public const string Fallback = "file";

    public static string ToDisplayName(string? original)
    {
        if (string.IsNullOrWhiteSpace(original))
        {
            return Fallback;
        }

        // Only the last path segment counts, whichever separator the client's OS uses.
        var name = original;
        var lastSeparator = name.LastIndexOfAny(['/', '\\']);
        if (lastSeparator >= 0)
        {
            name = name[(lastSeparator + 1)..];
        }

        var cleaned = new StringBuilder(name.Length);
        foreach (var rune in name.Normalize(NormalizationForm.FormC).EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            // Control (CR, LF, NUL...), format (bidi overrides, zero-width) and unpaired surrogates go.
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
                or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned
                || rune == Rune.ReplacementChar)
            {
                continue;
            }
            if (cleaned.Length + rune.Utf16SequenceLength > FileItemConfiguration.NameMaxLength)
            {
                break;
            }
            cleaned.Append(rune.ToString());
        }

        var result = cleaned.ToString().Trim();
        return result.Length == 0 || result.All(c => c == '.') ? Fallback : result;
    }
}
