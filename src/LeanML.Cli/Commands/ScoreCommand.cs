using System.CommandLine;
using LeanML.Scoring;

namespace LeanML.Cli.Commands;

/// <summary><c>leanml score PROJECT [--input TABLE|FILE | --input-sql Q] --output TABLE|FILE [--run RUN] [--replace] [--strict]</c>: batch scoring.</summary>
internal static class ScoreCommand
{
    private static readonly string[] KnownOutputs = [".csv", ".tsv", ".jsonl", ".parquet"];

    public static Command Create()
    {
        var project = new Argument<string>("PROJECT") { Description = "The project whose model scores" };
        var input = new Option<string?>("--input", "-i") { Description = "A warehouse table, or a file in any ingest format (CSV, TSV, JSONL, JSON array, XLSX, Parquet), read exactly as ingest reads it", HelpName = "TABLE|FILE" };
        var inputSql = new Option<string?>("--input-sql") { Description = "One SELECT over the warehouse whose rows are scored", HelpName = "QUERY" };
        var output = new Option<string>("--output", "-o") { Description = "A warehouse table, or a .csv, .tsv, .jsonl or .parquet file (replaced whole)", Required = true, HelpName = "TABLE|FILE" };
        var run = new Option<string?>("--run") { Description = "Score with this run instead of the production model", HelpName = "RUN" };
        var replace = new Option<bool>("--replace") { Description = "Let the output replace a table that score did not write (e.g. one ingest loaded)" };
        var strict = new Option<bool>("--strict") { Description = "All or nothing: a row that cannot be scored fails the batch instead of going to the rejects file" };
        var reader = new ReaderFlags();
        var command = new Command("score", """
            Score rows with the project's production model (or --run) and write the id, a prediction_id, the prediction
            (score, value, or label and class scores), the run id and the scoring time. The rows come from --input (a
            table, or a file read exactly as ingest reads it), from --input-sql, or, with neither, from the brief's own
            dataset.sql. Input columns must include every feature of the model; extra columns are ignored and named.
            A row that cannot be scored goes to a rejects file (row, field, value, reason) and the rest are scored;
            --strict fails the batch instead. The output appears whole or not at all; a table that score did not write
            is never replaced without --replace.

            Examples:
              leanml score churn --output churn_scores
              leanml score churn --input customers --output churn_scores
              leanml score churn --input data/customers.csv --output out/scores.csv --run 01J9ZC
              leanml score churn --input-sql "SELECT * FROM customers WHERE plan = 'pro'" --output out/pro.jsonl
              leanml score churn --input data/customers.xlsx --sheet Customers --output out/scores.csv
              leanml score churn --input export.csv.gz --delimiter ';' --decimal , --output out/scores.csv

            An input file is read exactly as 'leanml ingest' reads it, with the same reader flags.
            """)
        {
            project, input, inputSql, output, run, replace, strict,
        };
        reader.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var o = GlobalOptions.Output(parse);
            var target = parse.GetValue(output)!;
            if (Path.HasExtension(target) && !KnownOutputs.Contains(Path.GetExtension(target), StringComparer.OrdinalIgnoreCase))
            {
                LeanML.Storage.SqlNames.RefuseReserved(target, null, "--output");   // leanml.runs is a reserved table (exit 3), not a file type
                await Console.Error.WriteLineAsync($"error: --output '{target}': scores are written as {string.Join(", ", KnownOutputs)} files or to a table (a name without an extension).").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            var workspace = GlobalOptions.OpenWorkspace(parse);
            var progress = new Progress<long>(n => o.Status($"scored {n:N0} rows…"));
            var request = new ScoreRequest(parse.GetValue(project)!, target)
            {
                Input = parse.GetValue(input),
                InputSql = parse.GetValue(inputSql),
                Run = parse.GetValue(run),
                Replace = parse.GetValue(replace),
                Strict = parse.GetValue(strict),
            };
            var result = await new BatchScorer(workspace) { Reader = reader.Parse(parse, workspace) }.ScoreAsync(request, progress, ct).ConfigureAwait(false);
            if (result.IgnoredColumns.Count > 0)
            {
                o.Status($"ignored {result.IgnoredColumns.Count} column{(result.IgnoredColumns.Count > 1 ? "s" : "")} that the model does not use: {string.Join(", ", result.IgnoredColumns)}");
            }

            if (result.DuplicateIds > 0)
            {
                o.Status($"warning: {result.DuplicateIds:N0} row{(result.DuplicateIds > 1 ? "s" : "")} repeat an id seen earlier in the input; each was scored.");
            }

            o.Report(result, w =>
            {
                w.WriteLine($"scored {result.Rows:N0}, rejected {result.Rejected:N0} rows of {result.Input} with run {result.RunId} into {result.Output} in {result.Seconds:0.0} s");
                if (result.RejectsFile is not null)
                {
                    w.WriteLine($"the rejected rows, each with its field and reason: {result.RejectsFile}");
                }

                if (result.UnseenCategories > 0)
                {
                    w.WriteLine($"{result.UnseenCategories:N0} category values were never seen in training and were scored as missing.");
                }

                if (result.MissingFeatures > 0)
                {
                    w.WriteLine($"{result.MissingFeatures:N0} values were missing in features training never saw missing; they were scored as missing.");
                }
            });
            return ExitCodes.Success;
        });
        return command;
    }
}
