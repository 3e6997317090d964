using System.Globalization;
using LeanML.IntegrationTests.Infrastructure;
using LeanML.Storage;
using LeanML.Training;

namespace LeanML.IntegrationTests.Training;

/// <summary>
/// A binary file sorted by outcome (positives first, ids ascending), with a 0/1 rule: ties broken by row order let
/// the rule score precision 1.000 at the top. Fixture: Fixtures/tie-case/outcome-sorted.csv — 200 rows, ids 1..200,
/// outcome 1 for ids 1..50; rule 1 for ids 1..30 and 51..120 (100 tied rows, 30 positives at the top), else 0;
/// signal = 1.2 × outcome + N(0, 1) (numpy default_rng(17), 4 decimals, no ties).
/// </summary>
public sealed class TieCaseTests
{
    private static string FixturePath => Path.Combine(Repo.Root, "tests", "LeanML.IntegrationTests", "Fixtures", "tie-case", "outcome-sorted.csv");

    private static (float[] Outcome, double[] Rule, double[] Signal) ReadFixture()
    {
        var rows = File.ReadAllLines(FixturePath).Skip(1).Select(l => l.Split(',')).ToArray();
        return (
            rows.Select(r => float.Parse(r[3], CultureInfo.InvariantCulture)).ToArray(),
            rows.Select(r => double.Parse(r[2], CultureInfo.InvariantCulture)).ToArray(),
            rows.Select(r => double.Parse(r[1], CultureInfo.InvariantCulture)).ToArray());
    }

    [Fact]
    public void The_rules_metrics_on_the_file_match_scikit_learn_and_the_expected_value_at_the_cut()
    {
        var (outcome, rule, signal) = ReadFixture();
        var at20 = TrainingMetrics.Binary(outcome, rule, 20);
        // Golden: /usr/bin/python3, scikit-learn 1.2.1 — roc_auc_score(outcome, rule) (Mann–Whitney, ties half) and
        // average_precision_score(outcome, rule) (a tie is one threshold).
        Assert.Equal(0.5666666666666667, at20["auc"], 12);
        Assert.Equal(0.28, at20["average_precision"], 12);
        // Golden: scipy 1.10.1 hypergeom(M=100, n=30, N=20).mean() = 6 positives expected among the 20 rows taken from
        // the tied block of 100 (30 positives): precision 6 / 20, recall 6 / 50. By row order it was 20 / 20 = 1.000.
        Assert.Equal(0.3, at20["precision_at_20"], 12);
        Assert.Equal(0.12, at20["recall_at_20"], 12);
        // K = 120: all 100 rows of rule 1 (30 positives), then 20 of the 100 rows of rule 0 (20 positives):
        // (30 + hypergeom(100, 20, 20).mean()) / 120 and / 50 (scipy 1.10.1).
        Assert.Equal(0.2833333333333333, TrainingMetrics.PrecisionAtK(outcome, rule, 120), 12);
        Assert.Equal(0.68, TrainingMetrics.RecallAtK(outcome, rule, 120), 12);

        // Without ties the expected value is the plain top 20. Golden: sklearn roc_auc_score and
        // average_precision_score of the signal; y[argsort(-signal)[:20]].mean() = 0.65, its sum / 50 = 0.26.
        var bySignal = TrainingMetrics.Binary(outcome, signal, 20);
        Assert.Equal(0.7290666666666668, bySignal["auc"], 12);
        Assert.Equal(0.5176520069074496, bySignal["average_precision"], 12);
        Assert.Equal(0.65, bySignal["precision_at_20"], 12);
        Assert.Equal(0.26, bySignal["recall_at_20"], 12);
    }

    [Fact]
    public async Task Trained_on_the_file_the_rules_precision_at_k_is_its_expected_value_not_1()
    {
        using var ws = new TrainingWorkspace();
        ws.Sql($"CREATE TABLE outcome_sorted AS SELECT * FROM read_csv('{FixturePath.Replace("'", "''", StringComparison.Ordinal)}')");
        const string Brief = """
            task: binary
            dataset:
              sql: SELECT id, signal, rule, outcome FROM outcome_sorted
              id: id
              label: outcome
              exclude: [rule]
            baseline:
              name: flagged
              sql: rule
            metric: precision_at_5
            done_when: precision_at_5 >= 0.9
            """;
        ws.Brief("ties", Brief);
        var result = ws.Cli("train", "ties", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        var rule = result.Json().GetProperty("metrics").GetProperty("business_baseline");

        // The test rows as training split them; the rule's 5 highest are 5 of its tied rows of value 1, so the
        // expected share of positives is hypergeom(M = rows of 1, n = their positives, N = 5).mean() / 5 = n / M.
        var brief = ProjectBrief.Parse("ties", "project.yaml", Brief);
        await using var warehouse = await Warehouse.OpenAsync(ws.Workspace);
        var set = await TrainingSetReader.ReadAsync(warehouse, brief);
        var split = DataSplit.Create(set, "binary", 0);
        var flagged = split.Test.Where(r => set.Baseline[r] == 1).ToList();
        var flaggedPositives = flagged.Count(r => set.Labels[r] == 1);
        var positives = split.Test.Count(r => set.Labels[r] == 1);
        Assert.True(flagged.Count >= 5, "the test rows hold at least 5 flagged rows");
        Assert.Equal((double)flaggedPositives / flagged.Count, rule.GetProperty("precision_at_5").GetDouble(), 12);
        Assert.Equal(5.0 * flaggedPositives / flagged.Count / positives, rule.GetProperty("recall_at_5").GetDouble(), 12);
        Assert.True(rule.GetProperty("precision_at_5").GetDouble() < 0.9, rule.ToString());
    }
}
