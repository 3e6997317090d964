using System.Text.Json;

namespace LeanML.Monitoring;

/// <summary>One prediction whose outcome proved it wrong.</summary>
/// <param name="PredictionId">The prediction's id.</param>
/// <param name="RowId">The row's id.</param>
/// <param name="PredictedAt">When it was made.</param>
/// <param name="Source">log | batch.</param>
/// <param name="RunId">The model run that made the prediction.</param>
/// <param name="Score">The score (binary probability) or predicted value.</param>
/// <param name="Truth">The outcome as a number (binary 1 = positive class).</param>
/// <param name="Label">The outcome as the outcome SQL gave it.</param>
/// <param name="Kind">false positive | false negative (binary, at 0.5) | over | under (regression).</param>
/// <param name="Error">How wrong: |truth − score|.</param>
/// <param name="Inputs">The row's inputs as logged (logged predictions); null for batch predictions, whose inputs are not kept.</param>
/// <param name="Contributions">
/// Every non-zero TreeSHAP contribution of the row's features to the margin of <paramref name="RunId"/>'s model, largest
/// |contribution| first (<see cref="MistakeExplainer"/>); null when the inputs were not logged (batch predictions).
/// </param>
/// <param name="Bias">The model's expected margin, so <c>Bias</c> plus the contributions is the prediction's margin; null without contributions.</param>
public sealed record MistakeRow(string PredictionId, string? RowId, DateTimeOffset PredictedAt, string Source, string RunId, double Score, double Truth, string Label, string Kind, double Error, JsonElement? Inputs, IReadOnlyList<MistakeContribution>? Contributions, double? Bias = null);
