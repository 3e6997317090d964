namespace LeanML.Evaluation;

/// <summary>
/// Metrics of one set of predictions that can be recomputed for any multiset of its rows, given as a count per row
/// (a bootstrap resample), without sorting again: the rows are ordered once when the set is built.
/// </summary>
public interface IWeightedMetrics
{
    /// <summary>The metric names, in the order <see cref="Evaluate"/> writes them.</summary>
    IReadOnlyList<string> Names { get; }

    /// <summary>Writes each metric of the rows taken <paramref name="counts"/>[i] times each into <paramref name="values"/>.</summary>
    void Evaluate(ReadOnlySpan<int> counts, Span<double> values);
}
