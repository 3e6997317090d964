using System.CommandLine;
using LeanML.Monitoring;
using LeanML.Workspace;

namespace LeanML.Cli.Commands;

/// <summary>The --since and --window options of the watch commands (outcomes, mistakes), validated at parse time.</summary>
internal static class WatchOptions
{
    public static Option<string> Since(string fallback)
    {
        var option = new Option<string>("--since") { Description = $"How far back to look at predictions ({DurationText.Examples}; default {fallback})", HelpName = "DURATION", DefaultValueFactory = _ => fallback };
        option.Validators.Add(result =>
        {
            if (DurationText.TryParse(result.GetValueOrDefault<string>()) is not { } value || value <= TimeSpan.Zero)
            {
                result.AddError($"--since '{result.GetValueOrDefault<string>()}' is not a duration; write {DurationText.Examples}.");
            }
        });
        return option;
    }

    public static Option<string> Window()
    {
        var option = new Option<string>("--window") { Description = "Group predictions by day or week (default week)", HelpName = "day|week", DefaultValueFactory = _ => "week" };
        option.AcceptOnlyFromAmong("day", "week");
        return option;
    }

    public static TimeSpan SinceValue(ParseResult parse, Option<string> since) => DurationText.TryParse(parse.GetValue(since))!.Value;

    public static LiveWindow WindowValue(ParseResult parse, Option<string> window) => parse.GetValue(window) == "day" ? LiveWindow.Day : LiveWindow.Week;
}
