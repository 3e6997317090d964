using System.CommandLine;
using LeanML.Training;

namespace LeanML.Cli.Commands;

/// <summary><c>leanml rerun RUN</c>: re-create the data, check its fingerprint, retrain, say whether it reproduced.</summary>
internal static class RerunCommand
{
    public static Command Create()
    {
        var run = new Argument<string>("RUN") { Description = "The run to re-run (id or unique prefix)" };
        var command = new Command("rerun", """
            Re-run a recorded run: rebuild its data from the brief it was trained with, compare the data fingerprint,
            train again with the same seed and parameters, and record the new run. On the same data the model must be
            byte-identical and the metrics equal ("reproduced"); if the data changed it says what (rows, columns) and
            trains anyway. Exit 1 when the data is the same but the result did not reproduce.

            Examples:
              leanml rerun 01JD3K8Z
              leanml rerun 01JD3K8Z --json
            """)
        {
            run,
        };
        command.SetAction(async (parse, ct) =>
        {
            var output = GlobalOptions.Output(parse);
            var result = await new TrainingService(GlobalOptions.OpenWorkspace(parse)).RerunAsync(parse.GetValue(run)!, output.Status, ct).ConfigureAwait(false);
            output.Report(result, w =>
            {
                w.WriteLine(result.Summary);
                w.WriteLine();
                RunRendering.WriteReport(w, result.Run);
            });
            return result.DataUnchanged && !result.Reproduced ? ExitCodes.Negative : ExitCodes.Success;
        });
        return command;
    }
}
