using System.CommandLine;
using LeanML.Projects;
using LeanML.Training;

namespace LeanML.Cli.Commands;

/// <summary><c>leanml project stage NAME STAGE</c>: move a project on the board.</summary>
internal static class ProjectCommand
{
    public static Command Create()
    {
        var command = new Command("project", """
            Change a project on the board.

            Examples:
              leanml project stage churn shipped
            """);
        command.Subcommands.Add(StageCommand());
        return command;
    }

    private static Command StageCommand()
    {
        var name = new Argument<string>("NAME") { Description = "The project (its folder under projects/)" };
        var stage = new Argument<string>("STAGE") { Description = string.Join(" | ", ProjectBrief.Stages) };
        var command = new Command("stage", """
            Set a project's stage in its brief and record the change (who, when, from and to). Only the stage's value
            changes in projects/NAME/project.yaml: comments, blank lines and the layout stay as they were; the file is
            replaced atomically. The change shows in the weekly update. Setting the stage it has changes nothing.

            Examples:
              leanml project stage churn modeling
              LEANML_USER=ana leanml project stage churn shipped --json
            """)
        {
            name, stage,
        };
        command.SetAction(async (parse, ct) =>
        {
            var output = GlobalOptions.Output(parse);
            var change = await new ProjectBoard(GlobalOptions.OpenWorkspace(parse)).ChangeStageAsync(parse.GetValue(name)!, parse.GetValue(stage)!, CliUser.Name, ct).ConfigureAwait(false);
            output.Report(change, w => w.WriteLine(change.From == change.To
                ? $"'{change.Project}' is already at stage {change.To}; nothing changed."
                : $"'{change.Project}': stage {change.From ?? "(none)"} → {change.To} (by {change.ChangedBy})."));
            return ExitCodes.Success;
        });
        return command;
    }
}
