using System.Globalization;
using System.Text.RegularExpressions;

namespace LeanML.Monitoring;

/// <summary>What <c>leanml monitor</c> was asked to compare.</summary>
/// <param name="Project">The project whose model is watched.</param>
public sealed record MonitorRequest(string Project)
{
    /// <summary>The run whose reference and predictions are compared (default: the production run).</summary>
    public string? Run { get; init; }

    /// <summary>How far back the prediction log is read (default 7 days).</summary>
    public TimeSpan Since { get; init; } = TimeSpan.FromDays(7);

    /// <summary>How the period is split: all | day | week.</summary>
    public string Window { get; init; } = "all";

    /// <summary>A batch of rows instead of the prediction log: a warehouse table or a file (read as score reads it).</summary>
    public string? Input { get; init; }

    /// <summary>A batch of rows instead of the prediction log: one SELECT over the warehouse.</summary>
    public string? InputSql { get; init; }

    /// <summary>The end of the period (default: now; tests fix it).</summary>
    public DateTimeOffset? Now { get; init; }

    /// <summary>The windows a period may be split into.</summary>
    public static IReadOnlyList<string> Windows { get; } = ["all", "day", "week"];

    /// <summary>Parses a period such as 7d, 12h, 2w or 30m.</summary>
    public static TimeSpan ParseSince(string text, string field = "--since")
    {
        var m = Regex.Match(text ?? "", "^([0-9]{1,6})([mhdw])$", RegexOptions.CultureInvariant);
        if (!m.Success || int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) == 0)
        {
            throw new LeanMLInputException($"'{text}' is not a period: write a whole number and a unit, e.g. 7d (days), 12h (hours), 2w (weeks) or 30m (minutes).", field: field);
        }

        var n = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        return m.Groups[2].Value switch
        {
            "m" => TimeSpan.FromMinutes(n),
            "h" => TimeSpan.FromHours(n),
            "d" => TimeSpan.FromDays(n),
            _ => TimeSpan.FromDays(7 * n),
        };
    }
}
