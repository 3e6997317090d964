using LeanML.Scoring;

namespace LeanML.IntegrationTests.Scoring;

/// <summary>
/// The managed evaluator against libxgboost 1.7.4 (through Python's xgboost, make_fixtures.py) on every row of real
/// data plus rows with random missing values and unseen category codes: predictions must be bit-identical float32s.
/// </summary>
public sealed class XGBoostParityTests
{
    [Theory]
    [InlineData("telco", XGBoostObjective.BinaryLogistic, 1)]           // categorical splits, missing TotalCharges
    [InlineData("bank", XGBoostObjective.BinaryLogistic, 1)]            // numeric splits, 10% missing, base_score 0.3
    [InlineData("bank_wide_categories", XGBoostObjective.BinaryLogistic, 1)] // category sets past 31 (bit fields)
    [InlineData("bank_reglogistic", XGBoostObjective.RegLogistic, 1)]
    [InlineData("weather_reg", XGBoostObjective.RegSquaredError, 1)]    // regression with a categorical feature
    [InlineData("weather_multi", XGBoostObjective.MultiSoftprob, 5)]
    [InlineData("weather_softmax", XGBoostObjective.MultiSoftmax, 5)]
    public void Every_row_equals_libxgboost_bit_for_bit(string name, XGBoostObjective objective, int classes)
    {
        var model = XGBoostModel.Load(File.ReadAllBytes(XGBoostFixtures.ModelPath(name)), name);
        Assert.Equal(objective, model.Objective);
        Assert.Equal(classes, model.ClassCount);
        var (names, rows) = XGBoostFixtures.Features(name);
        var expected = XGBoostFixtures.Predictions(name);
        Assert.Equal(names, model.FeatureNames);
        Assert.Equal(rows.Length, expected.Length);
        Assert.True(rows.Length > 1000);

        var output = new float[model.OutputCount];
        var mismatches = new List<string>();
        for (var i = 0; i < rows.Length; i++)
        {
            model.Predict(rows[i], output);
            for (var k = 0; k < output.Length; k++)
            {
                if (BitConverter.SingleToInt32Bits(output[k]) != BitConverter.SingleToInt32Bits(expected[i][k]))
                {
                    mismatches.Add($"row {i} output {k}: managed {output[k]:R} libxgboost {expected[i][k]:R}");
                }
            }
        }

        Assert.True(mismatches.Count == 0, $"{mismatches.Count} mismatches of {rows.Length} rows, first: {string.Join("; ", mismatches.Take(5))}");

        // The blocked batch path must give the same bits.
        var batch = new float[rows.Length * model.OutputCount];
        model.PredictBatch(rows.SelectMany(r => r).ToArray(), batch);
        var batchMismatches = Enumerable.Range(0, batch.Length).Count(j => BitConverter.SingleToInt32Bits(batch[j]) != BitConverter.SingleToInt32Bits(expected[j / model.OutputCount][j % model.OutputCount]));
        Assert.Equal(0, batchMismatches);
    }

    [Fact]
    public void Telco_model_has_categorical_splits_and_missing_rows_are_exercised()
    {
        var json = File.ReadAllText(XGBoostFixtures.ModelPath("telco"));
        Assert.Contains("\"split_type\":[1", json, StringComparison.Ordinal);
        var (_, rows) = XGBoostFixtures.Features("telco");
        Assert.Contains(rows, r => r.Any(float.IsNaN));
        Assert.Contains(rows, r => r.Contains(200f));   // an out-of-range category code
    }

    [Fact]
    public void Bank_wide_categories_model_lists_categories_past_31()
    {
        // The model JSON holds bare NaN tokens, so the category lists are read from the text.
        var json = File.ReadAllText(XGBoostFixtures.ModelPath("bank_wide_categories"));
        var largest = System.Text.RegularExpressions.Regex.Matches(json, "\"categories\":\\[([0-9,]+)\\]")
            .SelectMany(m => m.Groups[1].Value.Split(',')).Max(c => int.Parse(c, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(largest >= 31, $"largest listed category {largest}");
    }

    [Fact]
    public void A_file_that_is_not_a_model_is_an_input_error_naming_it()
    {
        var ex = Assert.Throws<LeanMLInputException>(() => XGBoostModel.Load("{\"learner\": {}}"u8, "runs/x/model.json"));
        Assert.Contains("runs/x/model.json", ex.Message, StringComparison.Ordinal);
        Assert.Throws<LeanMLInputException>(() => XGBoostModel.Load("not json"u8, "m.json"));
    }
}
