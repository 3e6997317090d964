using LeanML.Internal;
using LeanML.Workspace;

namespace LeanML.Monitoring;

/// <summary>Reads the brief's <c>outcome:</c> block; every problem names the file, line and key.</summary>
internal static class OutcomeSpecParser
{
    /// <summary>The block under <paramref name="root"/>, or null when the brief has none.</summary>
    public static OutcomeSpec? Parse(YamlSection root)
    {
        if (root.Section("outcome") is not { } o)
        {
            return null;
        }

        o.AllowOnly("sql", "id", "label", "time", "horizon", "train");
        var sql = o.String("sql", required: true)!.Trim().TrimEnd(';').Trim();
        TimeSpan? horizon = null;
        if (o.String("horizon") is { } text)
        {
            horizon = DurationText.TryParse(text) is { } h && h > TimeSpan.Zero
                ? h
                : throw o.Error("horizon", $"is '{text}', which is not a duration; write {DurationText.Examples}");
        }

        return new OutcomeSpec(sql, o.String("id", required: true)!, o.String("label", required: true)!, o.String("time", required: true)!, horizon, o.Bool("train") ?? false);
    }
}
