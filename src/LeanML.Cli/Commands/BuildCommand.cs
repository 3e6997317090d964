using System.CommandLine;
using System.Globalization;
using LeanML.Storage;
using LeanML.Transforms;

namespace LeanML.Cli.Commands;

/// <summary><c>leanml build [NAME...] [--select NAME+]</c>: build transforms in dependency order, each swapped in only when its blocking tests pass.</summary>
internal static class BuildCommand
{
    public static Command Create()
    {
        var names = new Argument<string[]>("NAME") { Description = "Build only these transforms (default: all)", Arity = ArgumentArity.ZeroOrMore };
        var select = new Option<string[]>("--select", "-s")
        {
            Description = "NAME+ builds it and everything that reads it; +NAME it and everything it reads; repeatable",
            HelpName = "NAME+|+NAME",
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("build", """
            Build the SQL transforms of transforms/*.sql in dependency order (found from the SQL: a table name that is
            another transform). Each is built under a shadow name, its tests (transforms/NAME.yaml) run there, and it
            is swapped in only when every error-severity test passes: a failed build leaves the previous version in
            place. A transform whose SQL and upstream loads are unchanged is skipped. Views by default; a table with
            '-- materialized: table' on the first line or 'materialized: table' in its YAML.
            Exit 1 when a transform kept its previous version (a blocking test failed); 3 when its SQL failed, a test
            could not run, the transforms read each other in a cycle, or one reads a table that does not exist.

            Examples:
              leanml build
              leanml build churn_features
              leanml build --select customers_360+
              leanml build --json
            """)
        {
            names,
            select,
        };
        command.SetAction(async (parse, ct) =>
        {
            var output = GlobalOptions.Output(parse);
            var workspace = GlobalOptions.OpenWorkspace(parse);
            var project = TransformProject.Load(workspace.Root);
            if (project.Transforms.Count == 0)
            {
                output.Status($"no transforms: write one SELECT per file in {TransformProject.TransformsFolder}/ (e.g. {TransformProject.TransformsFolder}/customers_360.sql).");
            }

            BuildResult result;
            await using (var warehouse = await Warehouse.OpenAsync(workspace, ct).ConfigureAwait(false))
            {
                result = await new TransformBuilder(warehouse).BuildAsync(project, parse.GetValue(names) ?? [], parse.GetValue(select) ?? [], output.Status, ct).ConfigureAwait(false);
            }

            output.Report(result, w =>
            {
                foreach (var t in result.Transforms.Where(t => t.Status is not (BuildStatus.Built or BuildStatus.Skipped)))
                {
                    w.WriteLine($"{t.Name}: {t.Status.ToString().ToLowerInvariant()}: {t.Message}");
                    TestCommand.WriteFailures(w, t.Tests);
                }

                w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.Built} built, {result.Skipped} unchanged, {result.NotSwapped} not built (a previous version, if any, stays)."));
            });
            return result.Transforms.Any(t => t.Status == BuildStatus.Error) ? ExitCodes.BadInput
                : result.NotSwapped > 0 ? ExitCodes.Negative
                : ExitCodes.Success;
        });
        return command;
    }
}
