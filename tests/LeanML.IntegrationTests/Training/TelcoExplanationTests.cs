using LeanML.IntegrationTests.Scoring;
using LeanML.Scoring;
using LeanML.Storage;
using LeanML.Training;

namespace LeanML.IntegrationTests.Training;

/// <summary>
/// Explanations of the model LeanML trains on Telco (the real CLI, <see cref="TelcoFixture"/>): TreeSHAP against
/// libxgboost's pred_contribs on every row of the training set (its test rows among them), and the mean |SHAP|
/// importance that training saves and <c>show</c> reports beside gain.
/// </summary>
public sealed class TelcoExplanationTests(TelcoFixture telco) : IClassFixture<TelcoFixture>
{
    [Fact]
    public async Task Every_row_of_the_trained_model_equals_libxgboost_pred_contribs()
    {
        var workspace = telco.Workspace.Workspace;
        var json = await File.ReadAllBytesAsync(telco.Workspace.RunFile(telco.RunId, "model.json"));
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

        Assert.Equal(7043, rows.Length);
        Assert.True(worst <= 1e-5, $"largest difference {worst:E2}");
    }

    [Fact]
    public void Show_gives_mean_abs_shap_beside_gain()
    {
        Assert.True(File.Exists(telco.Workspace.RunFile(telco.RunId, "shap_importance.json")));
        var json = telco.Workspace.Cli("show", telco.RunId, "--json");
        Assert.True(json.ExitCode == 0, json.ToString());
        var shap = json.Json().GetProperty("shap_importance").EnumerateArray().ToArray();
        Assert.Equal(19, shap.Length);
        var values = shap.Select(s => s.GetProperty("mean_abs_shap").GetDouble()).ToArray();
        Assert.Equal(values.OrderDescending(), values);
        Assert.True(values[0] > 0.1, $"largest mean |SHAP| {values[0]}");
        // The rule's own column and tenure drive churn on Telco: both in the top three by SHAP.
        var top = shap.Take(3).Select(s => s.GetProperty("feature").GetString()).ToList();
        Assert.Contains("contract", top);
        Assert.Contains("tenure", top);

        var human = telco.Workspace.Cli("show", telco.RunId);
        Assert.Contains("top features by mean |SHAP| on the test rows", human.Stdout, StringComparison.Ordinal);
        Assert.Contains(human.Stdout.Split('\n'), l => l.TrimStart().StartsWith("contract", StringComparison.Ordinal) && l.Contains("gain", StringComparison.Ordinal));
    }
}
