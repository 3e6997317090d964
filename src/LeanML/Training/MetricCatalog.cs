namespace LeanML.Training;

/// <summary>The metric names of each task, and which direction is better.</summary>
public static class MetricCatalog
{
    /// <summary>The metrics computed for a task (precision_at_K is written with a number, e.g. precision_at_50).</summary>
    public static IReadOnlyList<string> Names(string task) => task switch
    {
        "binary" => ["auc", "logloss", "accuracy", "f1", "average_precision", "precision_at_K"],
        "regression" => ["rmse", "mae", "r2"],
        "multiclass" => ["accuracy", "logloss", "macro_f1"],
        _ => [],
    };

    /// <summary>True when <paramref name="metric"/> is a metric of the task.</summary>
    public static bool IsValid(string task, string metric) =>
        Names(task).Contains(metric, StringComparer.Ordinal) || (task == "binary" && ProjectBrief.PrecisionAtK(metric) is > 0);

    /// <summary>True for error metrics (lower is better).</summary>
    public static bool LowerIsBetter(string metric) => metric is "logloss" or "rmse" or "mae";

    /// <summary>XGBoost's eval_metric used for early stopping on the validation split, chosen to follow the primary metric.</summary>
    public static string EarlyStoppingMetric(string task, string metric) => (task, metric) switch
    {
        ("binary", "auc") => "auc",
        ("binary", "average_precision") => "aucpr",
        ("binary", _) => "logloss",
        ("regression", "mae") => "mae",
        ("regression", _) => "rmse",
        // Multiclass always watches mlogloss: merror moves in steps and stopped early (a 178-row wine set kept 3 trees
        // with logloss 0.81 on merror, 133 trees and logloss 0.04 on mlogloss).
        _ => "mlogloss",
    };

    /// <summary>True when a larger value of an XGBoost eval metric is better.</summary>
    public static bool XGBoostMetricMaximized(string evalMetric) => evalMetric.Split('@')[0] is "auc" or "aucpr" or "map" or "ndcg" or "pre";
}
