using System.CommandLine;
using LeanML.Explanations;
using LeanML.Scoring;

namespace LeanML.Cli.Commands;

/// <summary><c>leanml explain PROJECT [--input TABLE|FILE | --input-sql Q] [--run RUN] [--top N] [--output FILE]</c>: each row's top TreeSHAP contributions.</summary>
internal static class ExplainCommand
{
    public static Command Create()
    {
        var project = new Argument<string>("PROJECT") { Description = "The project whose model explains" };
        var input = new Option<string?>("--input", "-i") { Description = "A warehouse table, or a file in any ingest format, read exactly as score reads it", HelpName = "TABLE|FILE" };
        var inputSql = new Option<string?>("--input-sql") { Description = "One SELECT over the warehouse whose rows are explained", HelpName = "QUERY" };
        var output = new Option<string?>("--output", "-o") { Description = "A .jsonl (a row per line) or .json (one document) file, replaced whole; without it, stdout", HelpName = "FILE" };
        var run = new Option<string?>("--run") { Description = "Explain with this run instead of the production model", HelpName = "RUN" };
        var top = new Option<int>("--top") { Description = "Contributions kept per row, largest first (default 5)", DefaultValueFactory = _ => 5, HelpName = "N" };
        var strict = new Option<bool>("--strict") { Description = "Fail on the first row that cannot be encoded instead of skipping it" };
        var reader = new ReaderFlags();
        var command = new Command("explain", """
            Explain the model's predictions row by row: for each row, the prediction, the bias (the model's expected
            margin) and the features that moved it most, each with the row's value and its contribution (exact
            TreeSHAP, as XGBoost's pred_contribs; in log-odds for binary models, toward the predicted class for
            multiclass). A row's contributions and bias add up to its margin. The rows come from --input, --input-sql,
            or the brief's dataset.sql, with the same reader flags as score.

            Examples:
              leanml explain churn --input data/customers.csv --top 3
              leanml explain churn --input customers --output out/why.jsonl
              leanml explain churn --input-sql "SELECT * FROM customers WHERE plan = 'pro'" --json
              leanml explain churn --input customers --run 01J9ZC --output out/why.json

            JSON rows: {"id", "score" | "value" | "label" + "scores", "bias", "contributions": [{"feature", "value", "contribution"}]}.
            """)
        {
            project, input, inputSql, output, run, top, strict,
        };
        reader.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var o = GlobalOptions.Output(parse);
            if (parse.GetValue(top) < 1)
            {
                await Console.Error.WriteLineAsync($"error: --top must be 1 or more (it was {parse.GetValue(top)}).").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            var workspace = GlobalOptions.OpenWorkspace(parse);
            var target = parse.GetValue(output);
            var request = new ExplainRequest(
                new ScoreRequest(parse.GetValue(project)!, target ?? "")
                {
                    Input = parse.GetValue(input),
                    InputSql = parse.GetValue(inputSql),
                    Run = parse.GetValue(run),
                    Strict = parse.GetValue(strict),
                },
                parse.GetValue(top));
            // Without --output the rows are the answer on stdout: one JSON document under --json, else a line per row.
            await Console.Out.FlushAsync(ct).ConfigureAwait(false);
            using var stdout = Console.OpenStandardOutput();
            var result = await new BatchScorer(workspace) { Reader = reader.Parse(parse, workspace) }
                .ExplainAsync(request, stdout, o.Json ? ExplainFormat.Document : ExplainFormat.Text, ct).ConfigureAwait(false);
            if (result.IgnoredColumns.Count > 0)
            {
                o.Status($"ignored {result.IgnoredColumns.Count} column{(result.IgnoredColumns.Count > 1 ? "s" : "")} that the model does not use: {string.Join(", ", result.IgnoredColumns)}");
            }

            if (result.Rejected > 0)
            {
                o.Status($"warning: skipped {result.Rejected:N0} row{(result.Rejected > 1 ? "s" : "")} that could not be encoded; first: {result.FirstReject}");
            }

            if (target is not null)
            {
                o.Report(result, w => w.WriteLine($"explained {result.Rows:N0} rows of {result.Input} with run {result.RunId} into {result.Output} in {result.Seconds:0.0} s"));
            }
            else
            {
                o.Status($"explained {result.Rows:N0} rows of {result.Input} with run {result.RunId} in {result.Seconds:0.0} s");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
