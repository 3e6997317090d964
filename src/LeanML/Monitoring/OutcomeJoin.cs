namespace LeanML.Monitoring;

/// <summary>
/// Joins outcomes to predictions by row id and time: an outcome counts for a prediction of its row made before the
/// outcome's time (and, with a horizon, at most that long before). A row with several outcomes: each prediction takes
/// the first outcome known after it.
/// </summary>
public static class OutcomeJoin
{
    /// <summary>Each prediction with its status and outcome, in the order given.</summary>
    public static IReadOnlyList<JoinedPrediction> Join(IEnumerable<LivePrediction> predictions, IEnumerable<OutcomeRecord> outcomes, TimeSpan? horizon, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(outcomes);
        var byRow = new Dictionary<string, List<OutcomeRecord>>(StringComparer.Ordinal);
        foreach (var o in outcomes)
        {
            if (!byRow.TryGetValue(o.RowId, out var list))
            {
                byRow[o.RowId] = list = [];
            }

            list.Add(o);
        }

        foreach (var list in byRow.Values)
        {
            list.Sort((a, b) => a.Time.CompareTo(b.Time));
        }

        var joined = new List<JoinedPrediction>();
        foreach (var p in predictions)
        {
            joined.Add(JoinOne(p, p.RowId is null ? null : byRow.GetValueOrDefault(p.RowId), horizon, now));
        }

        return joined;
    }

    private static JoinedPrediction JoinOne(LivePrediction p, List<OutcomeRecord>? outcomes, TimeSpan? horizon, DateTimeOffset now)
    {
        if (p.RowId is null)
        {
            return new JoinedPrediction(p, OutcomeStatus.Unmatched, null);
        }

        // The first outcome known strictly after the prediction.
        var next = outcomes?.FirstOrDefault(o => o.Time > p.Time);
        if (next is not null)
        {
            return horizon is { } h && next.Time - p.Time > h
                ? new JoinedPrediction(p, OutcomeStatus.Late, next)
                : new JoinedPrediction(p, OutcomeStatus.Labelled, next);
        }

        if (horizon is { } due && now - p.Time > due)
        {
            return new JoinedPrediction(p, OutcomeStatus.Missing, null);
        }

        // No outcome after it yet (outcomes known before the prediction are the truth of an earlier period, not its own).
        return new JoinedPrediction(p, OutcomeStatus.Pending, null);
    }
}
