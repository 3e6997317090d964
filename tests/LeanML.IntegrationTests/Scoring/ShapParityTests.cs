using LeanML.Scoring;
using LeanML.XGBoost;

namespace LeanML.IntegrationTests.Scoring;

/// <summary>
/// The managed TreeSHAP against libxgboost 1.7.4's own (XGBoosterPredictFromDMatrix with "type": 2, Python's
/// pred_contribs) through the binding, on every row of the parity fixtures (real data plus rows with random missing
/// values and unseen category codes): every contribution within 1e-5, and each row's contributions sum to its margin.
/// </summary>
public sealed class ShapParityTests
{
    [Theory]
    [InlineData("telco")]                 // binary, categorical splits, missing TotalCharges
    [InlineData("bank")]                  // binary, numeric splits, 10% missing, base_score 0.3
    [InlineData("bank_wide_categories")]  // category sets past 31 (bit fields)
    [InlineData("bank_reglogistic")]
    [InlineData("weather_reg")]           // regression with a categorical feature
    [InlineData("weather_multi")]         // multi:softprob, 5 classes
    [InlineData("weather_softmax")]
    public void Every_row_equals_libxgboost_pred_contribs(string name)
    {
        var json = File.ReadAllBytes(XGBoostFixtures.ModelPath(name));
        var model = XGBoostModel.Load(json, name);
        var (_, all) = XGBoostFixtures.Features(name);
        // Every row of Telco and weather; of the 45,711 bank rows the last 3,000, which hold the 500 rows with random
        // missing values and unseen categories (a test of the whole bank file took minutes on a shared machine).
        var rows = name.StartsWith("bank", StringComparison.Ordinal) ? all[^3000..] : all;
        var expected = NativeContributions(json, model, rows, out var shape);
        var width = model.FeatureCount + 1;
        Assert.Equal(model.ClassCount == 1 ? [(ulong)rows.Length, (ulong)width] : new[] { (ulong)rows.Length, (ulong)model.ClassCount, (ulong)width }, shape);

        var contributions = new float[model.ContributionCount];
        var margins = new float[model.ClassCount];
        var mismatches = new List<string>();
        var worst = 0.0;
        for (var i = 0; i < rows.Length; i++)
        {
            model.PredictContributions(rows[i], contributions);
            for (var k = 0; k < contributions.Length; k++)
            {
                var diff = Math.Abs(contributions[k] - expected[(i * contributions.Length) + k]);
                worst = Math.Max(worst, diff);
                if (!(diff <= 1e-5))
                {
                    mismatches.Add($"row {i} class {k / width} column {k % width}: managed {contributions[k]:R} libxgboost {expected[(i * contributions.Length) + k]:R}");
                }
            }

            // Local accuracy: the contributions and the bias add up to the margin the evaluator predicts.
            model.PredictMargin(rows[i], margins);
            for (var g = 0; g < model.ClassCount; g++)
            {
                var sum = contributions.AsSpan(g * width, width).ToArray().Sum(x => (double)x);
                if (!(Math.Abs(sum - margins[g]) <= 1e-4))
                {
                    mismatches.Add($"row {i} class {g}: contributions sum to {sum:R}, margin {margins[g]:R}");
                }
            }
        }

        Assert.True(mismatches.Count == 0, $"{mismatches.Count} mismatches over {rows.Length} rows (worst {worst:E2}), first: {string.Join("; ", mismatches.Take(5))}");
        // A model where no feature contributes would pass trivially: these trees split on most features.
        Assert.True(Enumerable.Range(0, model.FeatureCount).Count(j => expected.Where((_, x) => x % width == j).Any(v => v != 0)) >= model.FeatureCount / 2);
    }

    [Fact]
    public void Explaining_a_row_allocates_nothing()
    {
        var model = XGBoostModel.Load(File.ReadAllBytes(XGBoostFixtures.ModelPath("weather_multi")), "weather_multi");
        var (_, rows) = XGBoostFixtures.Features("weather_multi");
        var contributions = new float[model.ContributionCount];
        model.PredictContributions(rows[0], contributions);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 200; i++)
        {
            model.PredictContributions(rows[i], contributions);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>libxgboost's contributions for the rows, the matrix typed as the model was trained ("c" for categorical).</summary>
    public static float[] NativeContributions(byte[] json, XGBoostModel model, float[][] rows, out ulong[] shape)
    {
        using var booster = Booster.Load(json);
        booster.SetParam("nthread", "1");
        using var matrix = DMatrix.FromRowMajor(rows.SelectMany(r => r).ToArray(), rows.Length, model.FeatureCount);
        if (model.FeatureTypes.Count == model.FeatureCount)
        {
            matrix.SetFeatureNames(model.FeatureNames.ToList());
            matrix.SetFeatureTypes(model.FeatureTypes.Select(t => t == "c" ? "c" : "q").ToList());
        }

        return booster.PredictContributions(matrix, out shape);
    }
}
