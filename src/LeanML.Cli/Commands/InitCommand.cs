using System.CommandLine;
using LeanML.Storage;
using LeanML.Workspace;

namespace LeanML.Cli.Commands;

/// <summary><c>leanml init [DIR]</c>: create a workspace.</summary>
internal static class InitCommand
{
    public static Command Create()
    {
        var dir = GlobalOptions.DirArgument("Folder to create the workspace in (default: the current folder)");
        var command = new Command("init", """
            Create a workspace: leanml.yaml (every key commented, with its default), the standard folders and a .gitignore.
            Refuses (exit 3) when the folder already holds a workspace; never overwrites a file.

            Examples:
              leanml init acme
              leanml init . --json
            """)
        {
            dir,
        };
        command.SetAction(async (parse, ct) =>
        {
            var output = GlobalOptions.Output(parse);
            var workspace = WorkspaceInitializer.Create(parse.GetValue(dir) ?? ".");
            await using (await Warehouse.OpenAsync(workspace, ct).ConfigureAwait(false))
            {
                // Opening creates the warehouse and applies the migrations, so the workspace is ready to use.
            }

            output.Report(new { workspace = workspace.Root, settings = workspace.SettingsFile, warehouse = workspace.SqlitePath }, w =>
            {
                w.WriteLine($"Created a LeanML workspace in {workspace.Root}");
                w.WriteLine("Next: put your exports in data/ and run 'leanml ingest data/'.");
            });
            return ExitCodes.Success;
        });
        return command;
    }
}
