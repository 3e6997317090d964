using System.CommandLine;
using LeanML.Scoring;

namespace LeanML.Cli.Commands;

/// <summary><c>leanml score PROJECT --input TABLE|FILE --output TABLE|FILE [--run RUN]</c>: batch scoring.</summary>
internal static class ScoreCommand
{
    public static Command Create()
    {
        var project = new Argument<string>("PROJECT") { Description = "The project whose model scores" };
        var input = new Option<string>("--input", "-i") { Description = "A warehouse table, or a file in any ingest format (CSV, TSV, JSONL, JSON array, XLSX)", Required = true, HelpName = "TABLE|FILE" };
        var output = new Option<string>("--output", "-o") { Description = "A warehouse table (replaced) or a .csv / .jsonl file (replaced)", Required = true, HelpName = "TABLE|FILE" };
        var run = new Option<string?>("--run") { Description = "Score with this run instead of the production model", HelpName = "RUN" };
        var reader = new ReaderFlags();
        var command = new Command("score", """
            Score a table or file with the project's production model (or --run) and write the id, the prediction
            (score, value, or label and class scores), the run id and the scoring time. Input columns must include every
            feature of the model; extra columns are ignored and named. The output appears whole or not at all.

            Examples:
              leanml score churn --input customers --output churn_scores
              leanml score churn --input data/customers.csv --output out/scores.csv --run 01J9ZC
              leanml score churn --input data/customers.xlsx --sheet Customers --output out/scores.csv
              leanml score churn --input export.csv.gz --delimiter ';' --decimal , --output out/scores.csv

            An input file is read exactly as 'leanml ingest' reads it, with the same reader flags.
            """)
        {
            project,
            input,
            output,
            run,
        };
        reader.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var o = GlobalOptions.Output(parse);
            var workspace = GlobalOptions.OpenWorkspace(parse);
            var progress = new Progress<long>(n => o.Status($"scored {n:N0} rows…"));
            var result = await new BatchScorer(workspace) { Reader = reader.Parse(parse, workspace) }.ScoreAsync(parse.GetValue(project)!, parse.GetValue(input)!, parse.GetValue(output)!, parse.GetValue(run), progress, ct).ConfigureAwait(false);
            if (result.IgnoredColumns.Count > 0)
            {
                o.Status($"ignored {result.IgnoredColumns.Count} column{(result.IgnoredColumns.Count > 1 ? "s" : "")} that the model does not use: {string.Join(", ", result.IgnoredColumns)}");
            }

            o.Report(result, w =>
            {
                w.WriteLine($"scored {result.Rows:N0} rows of {result.Input} with run {result.RunId} into {result.Output} in {result.Seconds:0.0} s");
                if (result.UnseenCategories > 0)
                {
                    w.WriteLine($"{result.UnseenCategories:N0} category values were never seen in training and were scored as missing.");
                }
            });
            return ExitCodes.Success;
        });
        return command;
    }
}
