using System.CommandLine;

namespace LeanML.Cli.Commands;

/// <summary>Every verb of the CLI, in the order help lists them.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return InitCommand.Create();
        yield return DemoCommand.Create();
        yield return StatusCommand.Create();
        yield return ExperimentCommand.Create();
    }
}
