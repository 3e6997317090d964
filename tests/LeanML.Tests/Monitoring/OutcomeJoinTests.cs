using LeanML.Monitoring;

namespace LeanML.Tests.Monitoring;

/// <summary>Outcomes join predictions by row id and time; late, missing and pending ones are told apart and counted.</summary>
public sealed class OutcomeJoinTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    private static LivePrediction P(string id, string? row, int daysAgo, double score = 0.5) => new(id, row, Now.AddDays(-daysAgo), score, "log", "run", null);

    private static OutcomeRecord O(string row, string label, int daysAgo) => new(row, label, Now.AddDays(-daysAgo));

    [Fact]
    public void Each_prediction_takes_the_first_outcome_of_its_row_known_after_it_within_the_horizon()
    {
        var predictions = new[]
        {
            P("labelled", "c1", 10),
            P("late", "c2", 40),            // its outcome came 39 days later: past the 30-day horizon
            P("missing", "c3", 35),         // no outcome, horizon passed
            P("pending", "c4", 2),          // no outcome, not yet due
            P("earlier-truth", "c5", 2),    // the row's only outcome was known before the prediction
            P("no-row", null, 3),
            P("second", "c1", 4),           // c1 again: the later of c1's outcomes is its own
        };
        var outcomes = new[] { O("c1", "Yes", 5), O("c1", "No", 1), O("c2", "Yes", 1), O("c5", "Yes", 20), O("c9", "Yes", 1) };

        var joined = OutcomeJoin.Join(predictions, outcomes, TimeSpan.FromDays(30), Now).ToDictionary(j => j.Prediction.PredictionId);

        Assert.Equal(OutcomeStatus.Labelled, joined["labelled"].Status);
        Assert.Equal("Yes", joined["labelled"].Outcome!.Label);
        Assert.Equal(OutcomeStatus.Labelled, joined["second"].Status);
        Assert.Equal("No", joined["second"].Outcome!.Label);
        Assert.Equal(OutcomeStatus.Late, joined["late"].Status);
        Assert.Equal(OutcomeStatus.Missing, joined["missing"].Status);
        Assert.Equal(OutcomeStatus.Pending, joined["pending"].Status);
        Assert.Equal(OutcomeStatus.Pending, joined["earlier-truth"].Status);
        Assert.Null(joined["earlier-truth"].Outcome);
        Assert.Equal(OutcomeStatus.Unmatched, joined["no-row"].Status);

        var counts = OutcomeCounts.Of(joined.Values);
        Assert.Equal(new OutcomeCounts(7, 2, 2, 1, 1, 1), counts);
        Assert.Equal(2 / 7.0, counts.LabelsArrived, 12);
    }

    [Fact]
    public void Without_a_horizon_nothing_is_late_or_missing_only_pending()
    {
        var joined = OutcomeJoin.Join([P("old", "c1", 300), P("unlabelled", "c2", 300)], [O("c1", "Yes", 1)], null, Now);
        Assert.Equal(OutcomeStatus.Labelled, joined[0].Status);
        Assert.Equal(OutcomeStatus.Pending, joined[1].Status);
    }

    [Fact]
    public void An_outcome_at_the_same_instant_as_the_prediction_does_not_count_for_it()
    {
        var joined = OutcomeJoin.Join([P("p", "c1", 3)], [O("c1", "Yes", 3)], null, Now);
        Assert.Equal(OutcomeStatus.Pending, joined[0].Status);
    }
}
