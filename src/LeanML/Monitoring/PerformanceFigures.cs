using System.Text.Json.Serialization;

using LeanML.Evaluation;

namespace LeanML.Monitoring;

/// <summary>
/// Performance of a set of predictions, realised (from outcomes), estimated (CBPE, before outcomes) or at test time:
/// binary models carry AUC and accuracy at the 0.5 threshold, regression models RMSE and MAE, each with its 95%
/// interval as <c>&lt;metric&gt;_low</c>/<c>&lt;metric&gt;_high</c> (DESIGN.md section 12) and <see cref="Interval"/> saying how it was made.
/// </summary>
public sealed record PerformanceFigures
{
    /// <summary>Rows the figures come from.</summary>
    public long N { get; init; }

    /// <summary>Area under the ROC curve.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Auc { get; init; }

    /// <summary>Lower end of the AUC's interval.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? AucLow { get; init; }

    /// <summary>Upper end of the AUC's interval.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? AucHigh { get; init; }

    /// <summary>Share right at the 0.5 threshold.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Accuracy { get; init; }

    /// <summary>Lower end of the accuracy's interval.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? AccuracyLow { get; init; }

    /// <summary>Upper end of the accuracy's interval.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? AccuracyHigh { get; init; }

    /// <summary>Root mean squared error.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Rmse { get; init; }

    /// <summary>Lower end of the RMSE's interval.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? RmseLow { get; init; }

    /// <summary>Upper end of the RMSE's interval.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? RmseHigh { get; init; }

    /// <summary>Mean absolute error.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Mae { get; init; }

    /// <summary>Lower end of the MAE's interval.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? MaeLow { get; init; }

    /// <summary>Upper end of the MAE's interval.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? MaeHigh { get; init; }

    /// <summary>The confusion matrix at 0.5 (binary): counted, or expected under CBPE.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Confusion? Confusion { get; init; }

    /// <summary>How the intervals were made, e.g. "auc: Hanley–McNeil; accuracy: Wilson".</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Interval { get; init; }

    /// <summary>The value of a metric by name (auc, accuracy, rmse, mae), or null.</summary>
    public double? Value(string metric) => metric switch
    {
        "auc" => Auc,
        "accuracy" => Accuracy,
        "rmse" => Rmse,
        "mae" => Mae,
        _ => null,
    };
}
