using System.Globalization;
using LeanML.Internal;

namespace LeanML.Training;

/// <summary>
/// The parameters libxgboost 1.7 knows and the values its documentation allows ("XGBoost Parameters", 1.7), checked
/// before training: libxgboost ignores a misspelled key silently through the C API, and some values out of range
/// crash or hang it (nthread=100000 segfaulted, eta=NaN trained forever).
/// </summary>
public static class BoosterParameterRules
{
    private const double Inf = double.PositiveInfinity;

    // Numeric parameters: (lowest, highest, lowest included, highest included, whole numbers only).
    private static readonly Dictionary<string, (double Min, double Max, bool MinIn, bool MaxIn, bool Whole)> Ranges = new(StringComparer.Ordinal)
    {
        ["eta"] = (0, Inf, false, false, false),
        ["learning_rate"] = (0, Inf, false, false, false),
        ["gamma"] = (0, Inf, true, false, false),
        ["min_split_loss"] = (0, Inf, true, false, false),
        ["max_depth"] = (0, Inf, true, false, true),
        ["min_child_weight"] = (0, Inf, true, false, false),
        ["max_delta_step"] = (0, Inf, true, false, false),
        ["subsample"] = (0, 1, false, true, false),
        ["colsample_bytree"] = (0, 1, false, true, false),
        ["colsample_bylevel"] = (0, 1, false, true, false),
        ["colsample_bynode"] = (0, 1, false, true, false),
        ["lambda"] = (0, Inf, true, false, false),
        ["reg_lambda"] = (0, Inf, true, false, false),
        ["alpha"] = (0, Inf, true, false, false),
        ["reg_alpha"] = (0, Inf, true, false, false),
        ["sketch_eps"] = (0, 1, false, false, false),
        ["scale_pos_weight"] = (0, Inf, true, false, false),
        ["max_leaves"] = (0, Inf, true, false, true),
        ["max_bin"] = (2, Inf, true, false, true),
        ["num_parallel_tree"] = (1, Inf, true, false, true),
        ["max_cat_to_onehot"] = (0, Inf, true, false, true),
        ["max_cat_threshold"] = (1, Inf, true, false, true),
        ["rate_drop"] = (0, 1, true, true, false),
        ["skip_drop"] = (0, 1, true, true, false),
        ["top_k"] = (0, Inf, true, false, true),
        ["tweedie_variance_power"] = (1, 2, false, false, false),
        ["huber_slope"] = (0, Inf, false, false, false),
        ["aft_loss_distribution_scale"] = (0, Inf, false, false, false),
        ["base_score"] = (double.NegativeInfinity, Inf, false, false, false),
        ["seed"] = (int.MinValue, int.MaxValue, true, true, true),
        ["verbosity"] = (0, 3, true, true, true),
        ["num_class"] = (2, Inf, true, false, true),
        ["gpu_id"] = (-1, Inf, true, false, true),
        ["validate_parameters"] = (0, 1, true, true, true),
        ["disable_default_eval_metric"] = (0, 1, true, true, true),
        ["one_drop"] = (0, 1, true, true, true),
        ["refresh_leaf"] = (0, 1, true, true, true),
        ["seed_per_iteration"] = (0, 1, true, true, true),
    };

    // Parameters whose value is a name or a list, checked by libxgboost itself (an unknown name is its error, exit 3).
    private static readonly string[] Named =
    [
        "booster", "objective", "eval_metric", "tree_method", "sampling_method", "updater", "process_type", "grow_policy",
        "predictor", "monotone_constraints", "interaction_constraints", "sample_type", "normalize_type", "feature_selector",
        "aft_loss_distribution",
    ];

    /// <summary>LeanML's own keys for the boosting loop.</summary>
    public static IReadOnlyList<string> LoopKeys { get; } = ["rounds", "num_boost_round", "patience", "early_stopping_rounds"];

    /// <summary>Every key --param accepts: libxgboost's parameters, nthread and the boosting loop's.</summary>
    public static IReadOnlyList<string> Keys { get; } = [.. Ranges.Keys, .. Named, "nthread", .. LoopKeys];

    /// <summary>The most threads allowed: four per processor (nthread=10000 hung libxgboost, 100000 crashed it).</summary>
    public static int MaxThreads => 4 * Environment.ProcessorCount;

    /// <summary>Refuses an unknown key (naming the closest one) or a value outside libxgboost's documented range.</summary>
    public static void Check(string key, string value)
    {
        if (key == "nthread")
        {
            if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < 1 || n > MaxThreads)
            {
                throw Error($"--param nthread={value}: write a whole number from 1 to {MaxThreads} (4 × the {Environment.ProcessorCount} processors).");
            }

            return;
        }

        if (Ranges.TryGetValue(key, out var r))
        {
            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) || !double.IsFinite(x))
            {
                throw Error($"--param {key}={value}: write a finite number{Describe(r)}.");
            }

            var inRange = (r.MinIn ? x >= r.Min : x > r.Min) && (r.MaxIn ? x <= r.Max : x < r.Max) && (!r.Whole || x == Math.Floor(x));
            if (!inRange)
            {
                throw Error($"--param {key}={value} is out of range: XGBoost takes {(r.Whole ? "a whole number" : "a number")}{Describe(r)}.");
            }

            return;
        }

        if (!Keys.Contains(key, StringComparer.Ordinal))
        {
            var closest = Suggestions.Closest(key, Keys);
            throw Error($"--param {key}: XGBoost has no parameter '{key}'.{(closest is null ? "" : $" Did you mean '{closest}'?")} See the parameters at https://xgboost.readthedocs.io/en/release_1.7.0/parameter.html, or rounds and patience.");
        }
    }

    private static LeanMLInputException Error(string message) => new(message, field: "--param");

    private static string Describe((double Min, double Max, bool MinIn, bool MaxIn, bool Whole) r)
    {
        static string N(double v) => v.ToString(CultureInfo.InvariantCulture);
        var low = double.IsNegativeInfinity(r.Min) ? null : $"{(r.MinIn ? "at least" : "greater than")} {N(r.Min)}";
        var high = double.IsPositiveInfinity(r.Max) ? null : $"{(r.MaxIn ? "at most" : "less than")} {N(r.Max)}";
        return (low, high) switch
        {
            (null, null) => "",
            (not null, null) => " " + low,
            (null, not null) => " " + high,
            _ => $" {low} and {high}",
        };
    }
}
