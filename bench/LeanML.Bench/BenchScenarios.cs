namespace LeanML.Bench;

/// <summary>The catalogue of benchmark scenarios; each capability adds its own.</summary>
internal static class BenchScenarios
{
    private static readonly Dictionary<string, (string Description, Func<string[], Task<int>> Run)> Scenarios = new(StringComparer.Ordinal)
    {
        ["ingest"] = ("1M-row CSV: LeanML ingest into DuckDB vs DuckDB's read_csv (and the previous SQLite build) [ROWS]", IngestBench.RunAsync),
        ["sql"] = ("feature queries (GROUP BY, window, join) over 1M and 10M events: DuckDB warehouse vs SQLite [ROWS...]", SqlBench.RunAsync),
        ["train"] = ("bootstrap intervals (1,000 resamples of 200,000 rows) vs a per-resample sort and numpy, then XGBoost training on a 1M-row churn CSV vs pandas + xgboost ([--rows N] [--bootstrap-only])", TrainBench.RunAsync),
        ["evaluator"] = ("managed XGBoost evaluator vs libxgboost in-place predict: batch rows/s, single-row latency [telco] [bank] [churn1m]", EvaluatorBench.RunAsync),
        ["http"] = ("wrk against POST /v1/projects/churn/predict (2 threads, 64 connections, 15 s after a 5 s warm-up, prediction log on) [SECONDS] [--no-log]", HttpBench.RunAsync),
        ["explain"] = ("TreeSHAP rows/s vs libxgboost pred_contribs (1 thread each) on the Telco and a 1,000-tree churn model; predict latency with and without explain [telco] [churn1000trees]", ExplainBench.RunAsync),
        ["shape"] = ("1M-row Stripe payments export: adapter into canonical payments vs plain ingest; identity precision/recall on 100,000 people across Stripe, HubSpot, Salesforce [ROWS] [--people N]", ShapeBench.RunAsync),
        ["search"] = ("10,000 generated reports: index into SQLite FTS5, query p50/p95 vs a LIKE scan [REPORTS]", SearchBench.RunAsync),
        ["experiment"] = ("A/B analysis of 10M events / 1M units on DuckDB (after the copy) and SQLite vs pandas + scipy", ExperimentBench.RunAsync),
        ["monitor"] = ("drift of 356k and 1M live rows × 100 columns from DuckDB vs scipy (Evidently's reported 23 min), and the verdicts' calibration table [--trials N]", MonitorBench.RunAsync),
        ["outcomes"] = ("live performance of 100k predictions: join to outcomes, realised AUC, CBPE with 400 simulated draws vs pandas + scikit-learn [--rows N]", OutcomesBench.RunAsync),
        ["build"] = ("planning 'leanml build' of the example's transforms and of a generated 200-transform project (target <= 1 s each) [TRANSFORMS]", BuildBench.RunAsync),
        ["update"] = ("weekly update of 50 projects over a busy history vs the 1 s budget [--projects N] [--runs N] [--loads N]", UpdateBench.RunAsync),
    };

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || !Scenarios.TryGetValue(args[0], out var scenario))
        {
            await Console.Error.WriteLineAsync("usage: LeanML.Bench SCENARIO [options]\nscenarios:").ConfigureAwait(false);
            foreach (var (name, (description, _)) in Scenarios)
            {
                await Console.Error.WriteLineAsync($"  {name,-12} {description}").ConfigureAwait(false);
            }

            return 2;
        }

        return await scenario.Run(args[1..]).ConfigureAwait(false);
    }
}
