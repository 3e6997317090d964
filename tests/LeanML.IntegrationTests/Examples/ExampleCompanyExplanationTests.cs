using LeanML.IntegrationTests.Infrastructure;
using LeanML.IntegrationTests.Scoring;
using LeanML.Scoring;
using LeanML.Storage;
using LeanML.Training;

namespace LeanML.IntegrationTests.Examples;

/// <summary>
/// The example company's churn model as the demo trains and promotes it: TreeSHAP against libxgboost's pred_contribs
/// on every row of its training set, and <c>leanml explain churn</c> with no input explaining the brief's dataset.sql.
/// </summary>
public sealed class ExampleCompanyExplanationTests : IDisposable
{
    private readonly TempDir _dir = new();

    [Fact]
    public async Task Every_row_equals_libxgboost_and_explain_reads_the_briefs_dataset()
    {
        var demo = await Infrastructure.Cli.RunAsync(_dir.Path, "demo", _dir.Combine("acme"), "--json");
        Assert.True(demo.ExitCode == 0, demo.ToString());
        var root = _dir.Combine("acme");
        var workspace = LeanML.Workspace.Workspace.Open(root);
        var modelPath = Directory.EnumerateFiles(Path.Combine(root, ".leanml", "runs"), "model.json", SearchOption.AllDirectories).Single();
        var json = await File.ReadAllBytesAsync(modelPath);
        var model = XGBoostModel.Load(json);
        TrainingSet set;
        await using (var warehouse = await Warehouse.OpenAsync(workspace, readOnly: true))
        {
            set = await TrainingSetReader.ReadAsync(warehouse, ProjectBrief.Load(workspace, "churn"));
        }

        var all = set.RowMajor(Enumerable.Range(0, set.Rows).ToArray());
        var rows = Enumerable.Range(0, set.Rows).Select(i => all.AsSpan(i * model.FeatureCount, model.FeatureCount).ToArray()).ToArray();
        var expected = ShapParityTests.NativeContributions(json, model, rows, out _);
        var contributions = new float[model.ContributionCount];
        var worst = 0.0;
        for (var i = 0; i < rows.Length; i++)
        {
            model.PredictContributions(rows[i], contributions);
            for (var k = 0; k < contributions.Length; k++)
            {
                worst = Math.Max(worst, Math.Abs(contributions[k] - expected[(i * contributions.Length) + k]));
            }
        }

        Assert.True(rows.Length > 100);
        Assert.True(worst <= 1e-5, $"largest difference {worst:E2} over {rows.Length} rows");

        var output = Path.Combine(root, "out", "why.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);   // score and explain write into an existing folder, as export does
        var explain = await Infrastructure.Cli.RunAsync(root, "explain", "churn", "--output", output, "--json");
        Assert.True(explain.ExitCode == 0, explain.ToString());
        Assert.Equal(set.Rows + set.DroppedMissingLabel, explain.Json().GetProperty("rows").GetInt64());
        Assert.Equal(set.Rows + set.DroppedMissingLabel, File.ReadLines(output).Count());
    }

    public void Dispose() => _dir.Dispose();
}
