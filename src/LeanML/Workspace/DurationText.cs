using System.Globalization;

namespace LeanML.Workspace;

/// <summary>
/// Durations as people write them in leanml.yaml and on the command line: <c>500ms</c>, <c>30s</c>, <c>2m</c>, <c>6h</c>,
/// <c>7d</c>, <c>2w</c>, or a plain number of seconds. One reader, so <c>--since 7d</c> and <c>cooldown: 1d</c> agree.
/// </summary>
public static class DurationText
{
    /// <summary>Reads a duration, or returns null when the text is not one (the caller names where it came from).</summary>
    public static TimeSpan? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        (string Digits, double Seconds) parts = text switch
        {
            _ when text.EndsWith("ms", StringComparison.Ordinal) => (text[..^2], 0.001),
            _ when text.EndsWith('s') => (text[..^1], 1),
            _ when text.EndsWith('m') => (text[..^1], 60),
            _ when text.EndsWith('h') => (text[..^1], 3600),
            _ when text.EndsWith('d') => (text[..^1], 86_400),
            _ when text.EndsWith('w') => (text[..^1], 7 * 86_400),
            _ => (text, 1),
        };
        if (!double.TryParse(parts.Digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0 || double.IsInfinity(value))
        {
            return null;
        }

        var seconds = value * parts.Seconds;
        return seconds > TimeSpan.MaxValue.TotalSeconds / 2 ? null : TimeSpan.FromSeconds(seconds);
    }

    /// <summary>What to write instead, for messages.</summary>
    public const string Examples = "e.g. 30s, 15m, 6h, 7d or 2w";
}
