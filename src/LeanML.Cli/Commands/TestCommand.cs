using System.CommandLine;
using System.Globalization;
using LeanML.Cli.Reports;
using LeanML.Storage;
using LeanML.Transforms;

namespace LeanML.Cli.Commands;

/// <summary><c>leanml test [NAME] [--history]</c>: run the data tests of transforms and sources, or show one's kept results.</summary>
internal static class TestCommand
{
    public static Command Create()
    {
        var name = new Argument<string?>("NAME") { Description = "One transform or source (default: all)", Arity = ArgumentArity.ZeroOrOne };
        var history = new Option<bool>("--history") { Description = "Show the kept results of NAME, newest first, instead of running the tests" };
        var limit = new Option<int>("--limit") { Description = "With --history: how many results (default 50)", DefaultValueFactory = _ => 50, HelpName = "N" };
        var command = new Command("test", """
            Run the data tests declared in transforms/NAME.yaml and sources/NAME.yaml (dbt's shape: columns: [{name,
            tests: [...]}] plus tests: for table-level ones, and freshness:): unique, not_null, accepted_values,
            relationships, accepted_range, row_count, row_count_change, expression, schema, freshness; each with
            severity error (the default) or warn. Every result, passed or failed, is kept in the warehouse with its
            count of failing rows and up to 10 of them. Exit 1 when an error-severity test fails; 3 when a test could
            not run (a missing column, a bad expression).

            Examples:
              leanml test
              leanml test churn_features
              leanml test --history churn_features
              leanml test --json
            """)
        {
            name,
            history,
            limit,
        };
        command.Validators.Add(r =>
        {
            if (r.GetValue(history) && r.GetValue(name) is null)
            {
                r.AddError("--history needs the NAME of a transform or source, e.g. leanml test --history churn_features.");
            }
        });
        command.SetAction(async (parse, ct) =>
        {
            var output = GlobalOptions.Output(parse);
            var workspace = GlobalOptions.OpenWorkspace(parse);
            if (parse.GetValue(history))
            {
                var relation = parse.GetValue(name)!;
                IReadOnlyList<DataTestResult> results;
                await using (var reader = await Warehouse.OpenAsync(workspace, readOnly: true, ct).ConfigureAwait(false))
                {
                    results = await new DataTestService(reader).HistoryAsync(relation, parse.GetValue(limit), ct).ConfigureAwait(false);
                }

                output.Report(new TestHistoryReport(relation, results), w =>
                {
                    if (results.Count == 0)
                    {
                        w.WriteLine($"no test results kept for '{relation}' yet; run 'leanml test {relation}' or 'leanml build'.");
                        return;
                    }

                    TextTable.Write(w, ["tested (UTC)", "phase", "test", "status", "failing", "rows", "message"], results.Select(r => new object?[]
                    {
                        r.TestedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), r.Phase, r.Test,
                        TransformStore.StatusName(r.Status), r.FailingRows, r.RowCount, r.Message ?? r.Observed,
                    }), maxWidth: 60);
                });
                return ExitCodes.Success;
            }

            var project = TransformProject.Load(workspace.Root);
            DataTestRun run;
            await using (var warehouse = await Warehouse.OpenAsync(workspace, ct).ConfigureAwait(false))
            {
                run = await new DataTestService(warehouse).RunAsync(project, parse.GetValue(name), output.Status, ct).ConfigureAwait(false);
            }

            output.Report(run, w =>
            {
                if (run.Results.Count == 0)
                {
                    w.WriteLine("no data tests declared: add columns: [{name, tests: [...]}] to transforms/NAME.yaml or sources/NAME.yaml.");
                    return;
                }

                WriteFailures(w, run.Results);
                w.WriteLine($"{run.Passed} passed, {run.Warned} warned, {run.Failed} failed, {run.Errors} could not run.");
            });
            return run.Errors > 0 ? ExitCodes.BadInput : run.Failed > 0 ? ExitCodes.Negative : ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Each failed or warned test with its count and its first example rows.</summary>
    internal static void WriteFailures(TextWriter w, IReadOnlyList<DataTestResult> results)
    {
        foreach (var r in results.Where(r => r.Status != DataTestStatus.Pass))
        {
            var where = r.File.Length == 0 ? "" : $" ({r.File}, line {r.Line})";
            w.WriteLine($"{TransformStore.StatusName(r.Status).ToUpperInvariant()} {r.Relation}: {r.Test}{where}: {r.Message}");
            foreach (var e in r.Examples.Take(3))
            {
                w.WriteLine("    " + string.Join(", ", e.Select(kv => $"{kv.Key}={TextTable.Cell(kv.Value, 30)}")));
            }

            if (r.Examples.Count > 3)
            {
                w.WriteLine($"    ... {r.FailingRows - 3:N0} more (up to {r.Examples.Count} kept: leanml test --history {r.Relation} --json)");
            }
        }
    }
}
