using System.Globalization;

namespace LeanML.Training;

/// <summary>The parameters of a run: XGBoost's own (passed through) and the boosting loop's rounds and patience.</summary>
/// <param name="Booster">XGBoost parameters by name, sorted (objective, eta, max_depth, nthread, seed, …).</param>
/// <param name="Rounds">The most boosting rounds.</param>
/// <param name="Patience">Stop when the validation metric has not improved for this many rounds (0: never stop early).</param>
public sealed record TrainingParameters(SortedDictionary<string, string> Booster, int Rounds, int Patience)
{
    /// <summary>The defaults, written in one place (issue 4): hist trees of depth 6, eta 0.1, up to 1,000 rounds, patience 50, every processor.</summary>
    public static TrainingParameters Defaults(string task, int classes, string evalMetric, int seed) => new(
        AddClasses(new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            // Histogram trees: fast, and with native categorical splits.
            ["tree_method"] = "hist",
            ["max_depth"] = "6",
            ["eta"] = "0.1",
            // Fixed in the run (not "all cores" at rerun time) so a rerun grows the same trees.
            ["nthread"] = Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture),
            ["seed"] = seed.ToString(CultureInfo.InvariantCulture),
            ["objective"] = task switch { "binary" => "binary:logistic", "regression" => "reg:squarederror", _ => "multi:softprob" },
            ["eval_metric"] = evalMetric,
            // Warnings only; XGBoost's info lines would mix with LeanML's output.
            ["verbosity"] = "1",
        }, task, classes),
        Rounds: 1000,
        Patience: 50);

    private static SortedDictionary<string, string> AddClasses(SortedDictionary<string, string> map, string task, int classes)
    {
        if (task == "multiclass")
        {
            map["num_class"] = classes.ToString(CultureInfo.InvariantCulture);
        }

        return map;
    }

    /// <summary>Checks --param overrides without applying them, so a mistake is found before the data is read.</summary>
    public static void CheckOverrides(IEnumerable<string> assignments) =>
        _ = new TrainingParameters(new SortedDictionary<string, string>(StringComparer.Ordinal), 1, 0).Override(assignments);

    /// <summary>Applies --param key=value overrides: rounds (num_boost_round), patience (early_stopping_rounds), or any XGBoost parameter.</summary>
    public TrainingParameters Override(IEnumerable<string> assignments)
    {
        var booster = new SortedDictionary<string, string>(Booster, StringComparer.Ordinal);
        var rounds = Rounds;
        var patience = Patience;
        foreach (var assignment in assignments)
        {
            var eq = assignment.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || eq == assignment.Length - 1)
            {
                throw new LeanMLInputException($"--param '{assignment}' is not key=value (e.g. --param max_depth=4).", field: "--param");
            }

            var key = assignment[..eq].Trim();
            var value = assignment[(eq + 1)..].Trim();
            switch (key)
            {
                case "rounds" or "num_boost_round":
                    rounds = PositiveInt(key, value, min: 1);
                    break;
                case "patience" or "early_stopping_rounds":
                    patience = PositiveInt(key, value, min: 0);
                    break;
                default:
                    BoosterParameterRules.Check(key, value);
                    booster[key] = value;
                    break;
            }
        }

        return new TrainingParameters(booster, rounds, patience);
    }

    /// <summary>The metric early stopping watches: the last of eval_metric, as XGBoost's own early stopping takes it.</summary>
    public string EarlyStoppingMetric() => Booster.GetValueOrDefault("eval_metric", "logloss").Split(',')[^1].Trim();

    /// <summary>One line for the user: every parameter, rounds and patience.</summary>
    public override string ToString() =>
        string.Join(" ", Booster.Select(p => $"{p.Key}={p.Value}")) + $" rounds<={Rounds} patience={(Patience == 0 ? "off" : Patience.ToString(CultureInfo.InvariantCulture))}";

    private static int PositiveInt(string key, string value, int min) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min
            ? n
            : throw new LeanMLInputException($"--param {key}={value}: write a whole number of at least {min}.", field: "--param");
}
