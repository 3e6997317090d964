using System.CommandLine;
using LeanML.Workspace;

namespace LeanML.Cli.Commands;

/// <summary>The <c>--since 7d</c> window of the update and the digest, read by the one duration reader.</summary>
internal static class SinceOption
{
    public static Option<string> Create() => new("--since")
    {
        Description = $"How far back to look ({DurationText.Examples}; default 7d)",
        HelpName = "DURATION",
        DefaultValueFactory = _ => "7d",
    };

    public static TimeSpan Read(ParseResult parse, Option<string> option)
    {
        var text = parse.GetValue(option) ?? "7d";
        return DurationText.TryParse(text) is { } value && value > TimeSpan.Zero && value <= TimeSpan.FromDays(3660)
            ? value
            : throw new LeanMLInputException($"--since is '{text}', which is not a duration; write {DurationText.Examples}.", field: "--since");
    }
}
