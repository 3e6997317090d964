namespace LeanML.Bench;

/// <summary>
/// The churn-like rows of the benchmarks (TrainBench's CSV, the evaluator's 1M-row model): deterministic, the same
/// seed giving the same rows on every machine.
/// </summary>
internal static class ChurnData
{
    public static readonly string[] Plans = ["monthly", "annual", "biennial", "trial"];
    public static readonly string[] Regions = ["north", "south", "east", "west", "central", "coast", "mountain", "islands"];

    /// <summary>One customer: plan and region are indices into <see cref="Plans"/> and <see cref="Regions"/>.</summary>
    public readonly record struct Row(int Plan, int Region, int Tenure, double Monthly, int Calls, int Paperless, int Churned);

    public static IEnumerable<Row> Generate(int count)
    {
        var rng = new Random(7);
        for (var i = 0; i < count; i++)
        {
            var plan = rng.Next(4);
            var region = rng.Next(8);
            var tenure = rng.Next(72);
            var monthly = Math.Round(20 + (rng.NextDouble() * 100), 2);
            var calls = rng.Next(10);
            var paperless = rng.Next(2);
            var z = -1.5 + (plan == 0 ? 1.2 : plan == 3 ? 0.8 : -0.6) - (0.04 * tenure) + (0.012 * monthly) + (0.25 * calls) + (0.3 * paperless) + (region == 2 ? 0.4 : 0);
            var churned = rng.NextDouble() < 1 / (1 + Math.Exp(-z)) ? 1 : 0;
            yield return new Row(plan, region, tenure, monthly, calls, paperless, churned);
        }
    }
}
