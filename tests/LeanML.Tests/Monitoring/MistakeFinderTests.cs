using System.Globalization;
using LeanML.Monitoring;
using LeanML.Runs;
using LeanML.Training;

namespace LeanML.Tests.Monitoring;

/// <summary>The most wrong predictions come first, and the segment where the model errs most is found with its Wilson interval.</summary>
public sealed class MistakeFinderTests
{
    internal const string Brief = """
        task: binary
        dataset:
          sql: SELECT * FROM customers
          id: customer_id
          label: churned
        baseline:
          sql: 0.5
        metric: auc
        done_when: auc >= 0.7
        outcome:
          sql: SELECT customer_id, churned, known_at FROM cancellations
          id: customer_id
          label: churned
          time: known_at
          horizon: 30d
        """;

    [Fact]
    public void Worst_mistakes_first_and_the_segment_with_the_worst_error_rate_is_flagged()
    {
        var now = new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero);
        var joined = new List<JoinedPrediction>();
        var truth = new Dictionary<string, double>();
        // 100 monthly customers, 40 of them wrong; 200 yearly ones, 10 wrong. Tenure 0..299.
        for (var i = 0; i < 300; i++)
        {
            var isMonthly = i < 100;
            var wrong = isMonthly ? i < 40 : i < 110;
            var y = i % 2 == 0;
            var score = wrong ? (y ? 0.1 + (i * 0.001) : 0.9 - (i * 0.001)) : (y ? 0.8 : 0.2);
            var id = "p" + i.ToString(CultureInfo.InvariantCulture);
            var inputs = $$"""{"contract": "{{(isMonthly ? "Month-to-month" : "One year")}}", "tenure": {{i}}, "customer_id": "c{{i}}"}""";
            var p = new LivePrediction(id, "c" + i, now.AddDays(-5), score, "log", "run", inputs);
            joined.Add(new JoinedPrediction(p, OutcomeStatus.Labelled, new OutcomeRecord("c" + i, y ? "Yes" : "No", now.AddDays(-1))));
            truth[id] = y ? 1 : 0;
        }

        var data = new LiveData(ProjectBrief.Parse("churn", "projects/churn/project.yaml", Brief), ProjectBrief.Parse("churn", "p", Brief).Outcome!,
            new TrainingRunRecord("run", "churn", now, "binary", "auc", 0.8, 0.7, 0.1, true, "done", 0, "fp", new Dictionary<string, string>(), "{}"),
            "binary", ["No", "Yes"], joined, truth, 300, 0, new Dictionary<string, double>());

        var report = MistakeFinder.Find(data, top: 5, minSegment: 30);

        Assert.Equal(300, report.Labelled);
        Assert.Equal(50, report.Wrong);
        Assert.Equal(50 / 300.0, report.OverallErrorRate, 12);
        Assert.Equal(5, report.Mistakes.Count);
        Assert.True(report.Mistakes.Zip(report.Mistakes.Skip(1)).All(m => m.First.Error >= m.Second.Error));
        // Row 0: y = 1, scored 0.1, the most confident miss.
        Assert.Equal("p0", report.Mistakes[0].PredictionId);
        Assert.Equal("false negative", report.Mistakes[0].Kind);
        Assert.Equal("Month-to-month", report.Mistakes[0].Inputs!.Value.GetProperty("contract").GetString());
        Assert.Null(report.Mistakes[0].Contributions);
        Assert.Contains(report.Mistakes, m => m.Kind == "false positive");

        // Worst: the tenure bin of the first 60 rows (all monthly, 40 wrong), then the monthly contract (40 of 100).
        Assert.Equal(("tenure", 60L, 40L, true), (report.Segments[0].Feature, report.Segments[0].N, report.Segments[0].Errors, report.Segments[0].Significant));
        var monthly = report.Segments[1];
        Assert.Equal(("contract", "Month-to-month", 100L, 40L, true), (monthly.Feature, monthly.Segment, monthly.N, monthly.Errors, monthly.Significant));
        var (low, high) = PerformanceStatistics.Wilson(40, 100);
        Assert.Equal(low, monthly.ErrorRateLow, 12);
        Assert.Equal(high, monthly.ErrorRateHigh, 12);
        Assert.Equal(0.4 / (50 / 300.0), monthly.Ratio, 12);
        Assert.DoesNotContain(report.Segments, s => s.Feature == "customer_id");
        Assert.DoesNotContain(report.Segments, s => s.Segment == "One year" && s.Significant);
    }
}
