namespace LeanML.Monitoring;

/// <summary>How many predictions stand where with their outcomes.</summary>
/// <param name="Predictions">Every prediction in the period.</param>
/// <param name="Labelled">With an outcome that scores them.</param>
/// <param name="Pending">Without an outcome, not yet due.</param>
/// <param name="Missing">Without an outcome though it was due.</param>
/// <param name="Late">With an outcome that arrived after the horizon.</param>
/// <param name="Unmatched">Without a row id: no outcome can join them.</param>
public sealed record OutcomeCounts(long Predictions, long Labelled, long Pending, long Missing, long Late, long Unmatched)
{
    /// <summary>The share of predictions whose outcome arrived ("labels arrived: 63%"): labelled over all, 0 when there are none.</summary>
    public double LabelsArrived => Predictions == 0 ? 0 : (double)Labelled / Predictions;

    /// <summary>Counts a list of joined predictions.</summary>
    public static OutcomeCounts Of(IEnumerable<JoinedPrediction> joined)
    {
        ArgumentNullException.ThrowIfNull(joined);
        long all = 0, labelled = 0, pending = 0, missing = 0, late = 0, unmatched = 0;
        foreach (var j in joined)
        {
            all++;
            switch (j.Status)
            {
                case OutcomeStatus.Labelled: labelled++; break;
                case OutcomeStatus.Pending: pending++; break;
                case OutcomeStatus.Missing: missing++; break;
                case OutcomeStatus.Late: late++; break;
                default: unmatched++; break;
            }
        }

        return new OutcomeCounts(all, labelled, pending, missing, late, unmatched);
    }
}
