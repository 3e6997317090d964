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
}
