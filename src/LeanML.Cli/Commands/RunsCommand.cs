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
            var rows = runs.Select(r => new
            {
                id = r.Id,
                project = r.Project,
                created_at = r.CreatedAt,
                metric = r.Metric,
                model_value = r.ModelValue,
                baseline_value = r.BaselineValue,
                lift = r.Lift,
                bar_met = r.BarMet,
                verdict = r.Verdict,
                production = production.Contains(r.Id),
            }).ToList();
            output.Report(new { runs = rows }, w =>
            {
                if (rows.Count == 0)
                {
                    w.WriteLine("no runs yet; train one with 'leanml train PROJECT'.");
                    return;
                }

                w.WriteLine($"  {"run",-26} {"project",-12} {"time (UTC)",-16} {"metric",-18} {"lift",7}  verdict");
                foreach (var r in rows)
                {
                    var value = $"{r.metric} {(r.model_value is double v ? TrainingService.Format(v) : "n/a")}";
                    w.WriteLine($"{(r.production ? "*" : " ")} {r.id,-26} {r.project,-12} {r.created_at.UtcDateTime,-16:yyyy-MM-dd HH:mm} {value,-18} {(r.lift is double l ? TrainingService.Format(l) : "n/a"),7}  {(r.bar_met ? "done" : "not yet")}");
                }

                w.WriteLine("(* production)");
            });
            return ExitCodes.Success;
        });
        return command;
    }
}
