using System.Globalization;

namespace LeanML.Sources.Internal;

/// <summary>
/// Reads the values vendor exports write, as the raw table holds them: text as exported, or the number, date or time
/// plain ingest made of it. Each returns null for a blank or unreadable cell rather than throwing.
/// </summary>
internal static class SourceValues
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static readonly string[] DateTimeFormats =
    [
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss'Z'",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd", "M/d/yyyy h:mm tt", "M/d/yyyy h:mm:ss tt",
        "M/d/yyyy H:mm", "M/d/yyyy", "yyyy/MM/dd HH:mm:ss", "yyyy/MM/dd",
    ];

    private static readonly string[] DayFirstFormats = ["d/M/yyyy H:mm", "d/M/yyyy H:mm:ss", "d/M/yyyy", "d.M.yyyy H:mm", "d.M.yyyy"];

    /// <summary>
    /// ISO 4217 currencies Stripe charges in whole units (its "zero-decimal currencies" list): an API amount of 1000 JPY is ¥1000.
    /// </summary>
    private static readonly HashSet<string> ZeroDecimal = new(StringComparer.OrdinalIgnoreCase)
    {
        "BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF",
    };

    /// <summary>Stripe's three-decimal currencies (amounts in thousandths).</summary>
    private static readonly HashSet<string> ThreeDecimal = new(StringComparer.OrdinalIgnoreCase) { "BHD", "JOD", "KWD", "OMR", "TND" };

    /// <summary>A cell as text: what the file wrote, or the invariant form of the value ingest made of it.</summary>
    public static string? Text(object? value) => value switch
    {
        null or DBNull => null,
        string s => string.IsNullOrWhiteSpace(s) ? null : s.Trim(),
        DateTime d => d.ToString(d.TimeOfDay == TimeSpan.Zero && d.Kind != DateTimeKind.Utc ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd HH:mm:ss.FFFFFFF", Inv),
        DateTimeOffset o => o.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", Inv),
        DateOnly d => d.ToString("yyyy-MM-dd", Inv),
        TimeOnly t => t.ToString("HH:mm:ss", Inv),
        TimeSpan t => t.ToString("c", Inv),
        bool b => b ? "true" : "false",
        double x => x.ToString("R", Inv),
        float x => x.ToString("R", Inv),
        IFormattable f => f.ToString(null, Inv),
        _ => value.ToString(),
    };

    /// <summary>
    /// A money amount in major units: <c>8.00</c>, <c>$8.00</c>, <c>-$3.00</c>, <c>($3.00)</c>, <c>1,234.56</c>,
    /// <c>399,00</c> (decimal comma), <c>€12</c>, <c>12 EUR</c>.
    /// </summary>
    public static double? Money(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var s = text.Trim();
        var negative = false;
        if (s.StartsWith('(') && s.EndsWith(')'))
        {
            negative = true;
            s = s[1..^1];
        }

        var digits = new System.Text.StringBuilder(s.Length);
        foreach (var ch in s)
        {
            if (ch == '-' || ch == '\u2212')
            {
                negative = !negative;
            }
            else if (char.IsAsciiDigit(ch) || ch is '.' or ',')
            {
                digits.Append(ch);
            }
            else if (ch is '+' or ' ' or '\u00a0' or '\'' || char.IsLetter(ch) || char.GetUnicodeCategory(ch) == UnicodeCategory.CurrencySymbol)
            {
                continue;
            }
            else
            {
                return null;
            }
        }

        var n = digits.ToString();
        if (n.Length == 0)
        {
            return null;
        }

        var lastDot = n.LastIndexOf('.');
        var lastComma = n.LastIndexOf(',');
        // The later of '.' and ',' is the decimal mark when both appear (1.234,56 / 1,234.56); a lone comma is one
        // unless three digits follow it (399,00 is 399; 1,234 is a thousand and more).
        var commaIsDecimal = lastDot >= 0 ? lastComma > lastDot : lastComma >= 0 && n.Count(c => c == ',') == 1 && n.Length - lastComma - 1 != 3;
        n = commaIsDecimal ? n.Replace(".", "", StringComparison.Ordinal).Replace(',', '.') : n.Replace(",", "", StringComparison.Ordinal);

        return double.TryParse(n, NumberStyles.Float, Inv, out var v) ? (negative ? -v : v) : null;
    }

    /// <summary>An amount in the currency's smallest unit (Stripe's and Square's APIs) in major units: JPY 1000 → 1000, USD 1000 → 10.00.</summary>
    public static double? MinorToMajor(string? text, string? currency)
    {
        if (text is null || !double.TryParse(text.Trim(), NumberStyles.Float, Inv, out var minor))
        {
            return null;
        }

        return Math.Round(minor / Math.Pow(10, DecimalsOf(currency)), 3);
    }

    /// <summary>How many decimals a currency's minor unit has (Stripe's zero- and three-decimal lists; 2 otherwise).</summary>
    public static int DecimalsOf(string? currency) => currency is null ? 2 : ZeroDecimal.Contains(currency) ? 0 : ThreeDecimal.Contains(currency) ? 3 : 2;

    /// <summary>An ISO currency code upper-cased (Stripe writes <c>usd</c>).</summary>
    public static string? Currency(string? text) => text is null ? null : text.Trim().ToUpperInvariant();

    /// <summary>A whole number.</summary>
    public static long? Integer(string? text) =>
        text is not null && double.TryParse(text.Trim().Replace(",", "", StringComparison.Ordinal), NumberStyles.Float, Inv, out var v) && Math.Abs(v) < 9e15 ? (long)Math.Round(v) : null;

    /// <summary>true/false, yes/no, 1/0, t/f.</summary>
    public static bool? Bool(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "true" or "t" or "yes" or "y" or "1" => true,
        "false" or "f" or "no" or "n" or "0" => false,
        _ => null,
    };

    /// <summary>A point in time given in UTC (or a Unix time in seconds or milliseconds), as a UTC <see cref="DateTime"/>.</summary>
    public static DateTime? UtcTime(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var s = text.Trim();
        if (s.Length is >= 9 and <= 11 && long.TryParse(s, NumberStyles.None, Inv, out var unix))
        {
            return DateTime.UnixEpoch.AddSeconds(unix);
        }

        if (s.Length is >= 12 and <= 14 && long.TryParse(s, NumberStyles.None, Inv, out var unixMs) && unixMs is >= 946_684_800_000 and < 4_102_444_800_000)
        {
            // Milliseconds (HubSpot's API exports: createdate 1710234840000), of 2000 to 2100 only: a compact stamp such
            // as 202401051030 is not a time in milliseconds.
            return DateTime.UnixEpoch.AddMilliseconds(unixMs);
        }

        if (s.Length > 15 && s[10] == 'T' && s[^5] is '+' or '-' && s[^4..].All(char.IsAsciiDigit))
        {
            // Salesforce writes the offset without a colon (2024-01-05T10:00:00.000+0000).
            s = string.Concat(s.AsSpan(0, s.Length - 2), ":", s.AsSpan(s.Length - 2));
        }

        if (s.Length > 10 && (s.EndsWith('Z') || s[^6] is '+' or '-' && s[^3] == ':') && DateTimeOffset.TryParse(s, Inv, DateTimeStyles.AssumeUniversal, out var offset))
        {
            return offset.UtcDateTime;
        }

        return Local(s) is { } local ? DateTime.SpecifyKind(local, DateTimeKind.Utc) : null;
    }

    /// <summary>
    /// A wall-clock time without a zone. A date that reads both ways (03/04/2024) is read day first under
    /// <see cref="ReadDayFirst"/> (the load's --dayfirst) and is unknown (null) otherwise: never guessed month first.
    /// </summary>
    public static DateTime? Local(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var s = text.Trim();
        var monthFirst = DateTime.TryParseExact(s, DateTimeFormats, Inv, DateTimeStyles.AllowWhiteSpaces, out var m);
        var dayFirst = DateTime.TryParseExact(s, DayFirstFormats, Inv, DateTimeStyles.AllowWhiteSpaces, out var d);
        if (monthFirst && dayFirst && m != d)
        {
            return DayFirstNow.Value ? DateTime.SpecifyKind(d, DateTimeKind.Unspecified) : null;
        }

        return monthFirst ? DateTime.SpecifyKind(m, DateTimeKind.Unspecified) : dayFirst ? DateTime.SpecifyKind(d, DateTimeKind.Unspecified) : null;
    }

    // Set for the mapping of a load read with --dayfirst (the exports' Map functions are static).
    private static readonly AsyncLocal<bool> DayFirstNow = new();

    /// <summary>Reads dates that read both ways day first until disposed (the mapping of a load read with --dayfirst).</summary>
    public static IDisposable ReadDayFirst(bool dayFirst)
    {
        var before = DayFirstNow.Value;
        DayFirstNow.Value = dayFirst;
        return new Restore(() => DayFirstNow.Value = before);
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }

    /// <summary>A calendar date from a date or a date and time.</summary>
    public static DateOnly? Date(string? text) => Local(text) is { } d ? DateOnly.FromDateTime(d) : null;

    /// <summary>A time of day (<c>13:45:10</c>, <c>1:45 PM</c>).</summary>
    public static TimeSpan? TimeOfDay(string? text)
    {
        if (text is null)
        {
            return null;
        }

        string[] formats = ["HH:mm:ss", "H:mm:ss", "HH:mm", "H:mm", "h:mm tt", "h:mm:ss tt", "hh:mm:ss tt"];
        return DateTime.TryParseExact(text.Trim(), formats, Inv, DateTimeStyles.AllowWhiteSpaces, out var t) ? t.TimeOfDay
            : Local(text) is { } dt ? dt.TimeOfDay : null;
    }

    /// <summary>The values of a multi-value cell (<c>9002;9999</c>), trimmed, blanks dropped.</summary>
    public static IReadOnlyList<string> Many(string? text) =>
        text is null ? [] : text.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
