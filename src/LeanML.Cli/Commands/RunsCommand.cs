using LeanML.Cli.Reports;
using System.CommandLine;
using LeanML.Training;

namespace LeanML.Cli.Commands;

/// <summary><c>leanml runs [PROJECT]</c>: recorded runs, newest first.</summary>
internal static class RunsCommand
{
    public static Command Create()
    {
        var project = new Argument<string?>("PROJECT") { Description = "Only this project's runs", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("runs", """
            List training runs newest first: id, time, primary metric, lift over the business baseline, verdict,
            and a * on each project's production run.

            Examples:
              leanml runs
              leanml runs churn --json
            """)
        {
            project,
        };
        command.SetAction(async (parse, ct) =>
        {
            var output = GlobalOptions.Output(parse);
            var (runs, production) = await new TrainingService(GlobalOptions.OpenWorkspace(parse)).ListAsync(parse.GetValue(project), ct).ConfigureAwait(false);
            var rows = runs.Select(r => new RunRow(r.Id, r.Project, r.CreatedAt, r.Metric, r.ModelValue, r.BaselineValue, r.Lift, r.BarMet, r.Verdict, production.Contains(r.Id))).ToList();
            output.Report(new RunsReport(rows), w =>
            {
                if (rows.Count == 0)
                {
                    w.WriteLine("no runs yet; train one with 'leanml train PROJECT'.");
                    return;
                }

                w.WriteLine($"  {"run",-26} {"project",-12} {"time (UTC)",-16} {"metric",-18} {"lift",7}  verdict");
                foreach (var r in rows)
                {
                    var value = $"{r.Metric} {(r.ModelValue is double v ? TrainingService.Format(v) : "n/a")}";
                    w.WriteLine($"{(r.Production ? "*" : " ")} {r.Id,-26} {r.Project,-12} {r.CreatedAt.UtcDateTime,-16:yyyy-MM-dd HH:mm} {value,-18} {(r.Lift is double l ? TrainingService.Format(l) : "n/a"),7}  {(r.BarMet ? "done" : "not yet")}");
                }

                w.WriteLine("(* production)");
            });
            return ExitCodes.Success;
        });
        return command;
    }
}
