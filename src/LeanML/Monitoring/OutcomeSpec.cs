namespace LeanML.Monitoring;

/// <summary>
/// The brief's <c>outcome:</c> block (DESIGN.md section 12): SQL over the warehouse giving, per row id, the true label
/// and when it became known, so live predictions can be scored once the truth arrives.
/// </summary>
/// <param name="Sql">A SELECT over the warehouse, one row per known outcome.</param>
/// <param name="Id">The column holding the row id (the value predictions carry as their id).</param>
/// <param name="Label">The column holding the true label, in the training label's values.</param>
/// <param name="Time">The column holding when the outcome became known (a timestamp or ISO-8601 text).</param>
/// <param name="Horizon">
/// Optional (<c>outcome.horizon</c>, e.g. 30d): an outcome counts for predictions made at most this long before it;
/// one known later than that is counted as late, and a prediction older than this without outcome as missing. Without
/// it, an outcome counts for every earlier prediction of its row and nothing is ever missing, only pending.
/// </param>
/// <param name="Train">
/// Optional (<c>outcome.train: true</c>): <c>leanml train --include-outcomes</c> may add the labelled live rows to
/// the training data.
/// </param>
public sealed record OutcomeSpec(string Sql, string Id, string Label, string Time, TimeSpan? Horizon, bool Train);
