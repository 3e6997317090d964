using System.CommandLine;
using System.Diagnostics;
using LeanML.Examples;
using LeanML.Storage;
using LeanML.Workspace;

namespace LeanML.Cli.Commands;

/// <summary><c>leanml demo [DIR]</c>: the whole loop on the example company, step by step.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var dir = GlobalOptions.DirArgument("Folder for the example workspace (default: a new folder it names)");
        var command = new Command("demo", """
            Run the whole loop on an example company: create the workspace, then every step that exists,
            printing each step, its result and its time.

            Examples:
              leanml demo
              leanml demo /tmp/acme
            """)
        {
            dir,
        };
        command.SetAction(async (parse, ct) =>
        {
            var output = GlobalOptions.Output(parse);
            var target = parse.GetValue(dir) ?? Path.Combine(Path.GetTempPath(), $"leanml-demo-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
            var steps = new List<DemoStep>();

            var workspace = await StepAsync(output, steps, "create the example workspace", async () =>
            {
                var ws = WorkspaceInitializer.Create(target);
                await using (await Warehouse.OpenAsync(ws, ct).ConfigureAwait(false))
                {
                }

                var company = ExampleCompany.Write(ws, new ExampleCompanyOptions(), ct);
                return (ws, $"workspace at {ws.Root} with the example company ({company.Customers:N0} customers, {company.Files.Count} files)");
            }).ConfigureAwait(false);

            output.Report(new { workspace = workspace.Root, steps }, w =>
            {
                w.WriteLine();
                w.WriteLine("Next, try:");
                w.WriteLine($"  cd {workspace.Root}");
                w.WriteLine("  leanml --help");
            });
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task<T> StepAsync<T>(CliOutput output, List<DemoStep> steps, string name, Func<Task<(T Value, string Result)>> step)
    {
        output.Human.WriteLine($"==> {name}");
        var clock = Stopwatch.StartNew();
        var (value, result) = await step().ConfigureAwait(false);
        steps.Add(new DemoStep(name, result, clock.Elapsed.TotalSeconds));
        output.Human.WriteLine($"    {result} ({clock.Elapsed.TotalSeconds:0.00} s)");
        return value;
    }

    private sealed record DemoStep(string Name, string Result, double Seconds);
}
