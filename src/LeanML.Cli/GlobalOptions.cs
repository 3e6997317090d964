using System.CommandLine;

namespace LeanML.Cli;

/// <summary>The options every command takes.</summary>
internal static class GlobalOptions
{
    /// <summary>--workspace DIR: the workspace folder (default: nearest folder upwards holding leanml.yaml).</summary>
    public static Option<string?> Workspace { get; } = new("--workspace", "-w")
    {
        Description = "The workspace folder (default: the nearest folder upwards that holds leanml.yaml)",
        Recursive = true,
        HelpName = "DIR",
    };

    /// <summary>--json: one JSON document on stdout and nothing else.</summary>
    public static Option<bool> Json { get; } = new("--json")
    {
        Description = "Print one JSON document on stdout and nothing else (human text goes to stderr)",
        Recursive = true,
    };

    /// <summary>A DIR argument; a value starting with '-' is a mistyped option, not a folder.</summary>
    public static Argument<string?> DirArgument(string description)
    {
        var argument = new Argument<string?>("DIR") { Description = description, Arity = ArgumentArity.ZeroOrOne };
        argument.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string?>();
            if (value is not null && value.StartsWith('-'))
            {
                result.AddError($"Unrecognized option '{value}'.");
            }
        });
        return argument;
    }

    /// <summary>The output of this invocation.</summary>
    public static CliOutput Output(ParseResult parse) => new(parse.GetValue(Json), Console.Out, Console.Error);

    /// <summary>
    /// The folder a command that creates a workspace (init, demo) creates it in: its DIR argument, else --workspace
    /// (which the user may well reach for), else <paramref name="fallback"/>. Two different folders are an error.
    /// </summary>
    public static string NewWorkspaceDir(ParseResult parse, Argument<string?> dir, string fallback)
    {
        var (argument, option) = (parse.GetValue(dir), parse.GetValue(Workspace));
        if (argument is not null && option is not null && Path.GetFullPath(argument) != Path.GetFullPath(option))
        {
            throw new LeanMLInputException($"two folders given: DIR '{argument}' and --workspace '{option}'. Give the folder once.", field: "--workspace");
        }

        return argument ?? option ?? fallback;
    }

    /// <summary>The workspace this invocation works in.</summary>
    public static LeanML.Workspace.Workspace OpenWorkspace(ParseResult parse) =>
        LeanML.Workspace.Workspace.Locate(parse.GetValue(Workspace), Environment.CurrentDirectory);
}
