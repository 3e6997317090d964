using System.Globalization;

namespace LeanML.Features;

/// <summary>
/// The value encodings shared by training and scoring (one code path, so batch and real-time can never disagree
/// with training): every feature value becomes a float32, NaN meaning missing.
/// </summary>
public static class FeatureEncoding
{
    /// <summary>The Unix epoch, origin of date and timestamp features.</summary>
    public static readonly DateTime Epoch = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Days since 1970-01-01 (fractional for a time of day).</summary>
    public static double DaysSinceEpoch(DateTime value) =>
        (value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value).Subtract(Epoch).TotalDays;

    /// <summary>Parses an ISO 8601 date or timestamp (as the warehouse stores them) into days since 1970-01-01; null if it is not one.</summary>
    public static double? ParseIsoDays(string text)
    {
        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var dt))
        {
            return DaysSinceEpoch(DateTime.SpecifyKind(dt, DateTimeKind.Utc));
        }

        return null;
    }

    /// <summary>Parses true/false, yes/no, 1/0 (any case); null when it is none of them.</summary>
    public static float? ParseBoolean(string text) => text.Trim().ToLowerInvariant() switch
    {
        "true" or "yes" or "y" or "t" or "1" => 1f,
        "false" or "no" or "n" or "f" or "0" => 0f,
        _ => null,
    };

    /// <summary>
    /// Strict ISO 8601 as the warehouse stores dates ('yyyy-MM-dd') and timestamps ('yyyy-MM-ddTHH:mm:ss[.f][Z|±hh:mm]'):
    /// days since 1970-01-01 and whether a time of day was given; false for anything else (so '1/2' is not a date).
    /// </summary>
    public static bool TryParseIsoDays(string text, out double days, out bool hasTime)
    {
        days = 0;
        hasTime = text.Length > 10;
        if (text.Length < 10 || !char.IsAsciiDigit(text[0]) || !char.IsAsciiDigit(text[3]) || text[4] != '-' || text[7] != '-'
            || (hasTime && text[10] is not ('T' or 't' or ' ')))
        {
            return false;
        }

        var parsed = ParseIsoDays(text);
        days = parsed ?? 0;
        return parsed is not null;
    }

    /// <summary>A category value's code in a feature's category list, or NaN (missing) when training never saw it.</summary>
    public static float CategoryCode(FeatureSpec feature, string value)
    {
        var categories = feature.Categories ?? [];
        var index = categories is List<string> list ? list.BinarySearch(value, StringComparer.Ordinal) : Array.BinarySearch(categories.ToArray(), value, StringComparer.Ordinal);
        return index >= 0 ? index : float.NaN;
    }
}
