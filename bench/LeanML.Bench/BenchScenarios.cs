namespace LeanML.Bench;

/// <summary>The catalogue of benchmark scenarios; each capability adds its own.</summary>
internal static class BenchScenarios
{
    private static readonly Dictionary<string, (string Description, Func<string[], Task<int>> Run)> Scenarios = new(StringComparer.Ordinal)
    {
        ["ingest"] = ("1M-row CSV: LeanML ingest into DuckDB vs DuckDB's read_csv (and the previous SQLite build) [ROWS]", IngestBench.RunAsync),
        ["sql"] = ("feature queries (GROUP BY, window, join) over 1M and 10M events: DuckDB warehouse vs SQLite [ROWS...]", SqlBench.RunAsync),
        ["train"] = ("XGBoost training on a 1M-row churn CSV vs pandas + xgboost ([--rows N])", TrainBench.RunAsync),
        ["evaluator"] = ("managed XGBoost evaluator vs libxgboost in-place predict: batch rows/s, single-row latency [telco] [bank] [churn1m]", EvaluatorBench.RunAsync),
        ["http"] = ("wrk against POST /v1/projects/churn/predict (2 threads, 64 connections, 15 s after a 5 s warm-up, prediction log on) [SECONDS] [--no-log]", HttpBench.RunAsync),
        ["experiment"] = ("A/B analysis of 10M events / 1M units on DuckDB (after the copy) and SQLite vs pandas + scipy", ExperimentBench.RunAsync),
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
