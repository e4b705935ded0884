using System.Globalization;

namespace Platform.Api.Files;

public enum RangeKind
{
    Whole,
    Partial,
    Unsatisfiable,
}

/// <summary>A satisfiable slice of a representation: <see cref="Length"/> bytes from <see cref="Offset"/>.</summary>
public readonly record struct ByteRange(long Offset, long Length)
{
    public long Last => Offset + Length - 1;
}

/// <summary>
/// RFC 9110 §14 for one range: <c>bytes=a-b</c>, <c>bytes=a-</c> and the suffix <c>bytes=-n</c>. A header that
/// is malformed, uses another unit or asks for several ranges is ignored (the whole file is sent), as the RFC allows.
/// </summary>
internal static class ByteRanges
{
    private const string Unit = "bytes=";

    public static (RangeKind Kind, ByteRange Range) Resolve(string? header, long size)
    {
        var whole = (RangeKind.Whole, new ByteRange(0, size));
        if (string.IsNullOrWhiteSpace(header) || !header.StartsWith(Unit, StringComparison.OrdinalIgnoreCase))
        {
            return whole;
        }

        var spec = header.AsSpan(Unit.Length).Trim();
        var dash = spec.IndexOf('-');
        if (dash < 0 || spec.Contains(','))
        {
            return whole;
        }

        var first = spec[..dash].Trim();
        var last = spec[(dash + 1)..].Trim();
        if (first.IsEmpty)
        {
            // Suffix: the last n bytes (all of them when n ≥ size); n = 0 or an empty file can't be satisfied.
            if (!TryParse(last, out var suffix))
            {
                return whole;
            }
            return suffix == 0 || size == 0
                ? (RangeKind.Unsatisfiable, default)
                : (RangeKind.Partial, new ByteRange(Math.Max(0, size - suffix), Math.Min(suffix, size)));
        }

        if (!TryParse(first, out var start))
        {
            return whole;
        }
        var end = long.MaxValue;
        if (!last.IsEmpty && (!TryParse(last, out end) || end < start))
        {
            return whole;
        }
        if (start >= size)
        {
            return (RangeKind.Unsatisfiable, default);
        }
        return (RangeKind.Partial, new ByteRange(start, Math.Min(end, size - 1) - start + 1));
    }

    private static bool TryParse(ReadOnlySpan<char> digits, out long value) =>
        long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
