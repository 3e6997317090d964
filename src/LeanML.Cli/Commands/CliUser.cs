namespace LeanML.Cli.Commands;

/// <summary>Who runs the command, for records that keep a name (promotions, stage changes): LEANML_USER, else USER.</summary>
internal static class CliUser
{
    public static string Name =>
        Environment.GetEnvironmentVariable("LEANML_USER") is { Length: > 0 } u ? u
        : Environment.GetEnvironmentVariable("USER") is { Length: > 0 } v ? v : Environment.UserName;
}
