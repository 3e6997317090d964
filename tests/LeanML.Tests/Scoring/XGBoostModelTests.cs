using LeanML.Scoring;

namespace LeanML.Tests.Scoring;

/// <summary>A hand-written two-tree model checks the split rules of libxgboost 1.7 in isolation.</summary>
public sealed class XGBoostModelTests
{
    // Tree 0: numeric split on f0 < 0.5 (missing -> right), leaves 0.1 / 0.2.
    // Tree 1: categorical split on f1 with set {1, 3}: listed categories go right (leaf 0.4), others left (0.3);
    //         missing -> left. base_score 0.5 for reg:squarederror is the margin itself.
    private const string Model = """
        {"learner": {
          "feature_names": ["f0", "f1"], "feature_types": ["float", "c"],
          "learner_model_param": {"base_score": "5E-1", "num_class": "0", "num_feature": "2"},
          "objective": {"name": "reg:squarederror"},
          "gradient_booster": {"name": "gbtree", "model": {
            "tree_info": [0, 0],
            "trees": [
              {"left_children": [1, -1, -1], "right_children": [2, -1, -1], "split_indices": [0, 0, 0],
               "split_conditions": [0.5, 0.1, 0.2], "default_left": [0, 0, 0], "split_type": [0, 0, 0],
               "categories": [], "categories_nodes": [], "categories_segments": [], "categories_sizes": []},
              {"left_children": [1, -1, -1], "right_children": [2, -1, -1], "split_indices": [1, 0, 0],
               "split_conditions": [NaN, 0.3, 0.4], "default_left": [1, 0, 0], "split_type": [1, 0, 0],
               "categories": [1, 3], "categories_nodes": [0], "categories_segments": [0], "categories_sizes": [2]}
            ]}}}}
        """;

    private static readonly XGBoostModel Tree = XGBoostModel.Load(System.Text.Encoding.UTF8.GetBytes(Model));

    [Theory]
    [InlineData(0.4f, 0f, 0.5f + 0.1f + 0.3f)]           // f0 < 0.5 left; category 0 not listed: left
    [InlineData(0.5f, 1f, 0.5f + 0.2f + 0.4f)]           // 0.5 is not < 0.5: right; category 1 listed: right
    [InlineData(float.NaN, 3f, 0.5f + 0.2f + 0.4f)]      // missing f0 follows default_left = 0: right
    [InlineData(0f, float.NaN, 0.5f + 0.1f + 0.3f)]      // missing category follows default_left = 1: left
    [InlineData(0f, 40f, 0.5f + 0.1f + 0.3f)]            // beyond the node's bit field: left
    [InlineData(0f, -1f, 0.5f + 0.1f + 0.3f)]            // invalid (negative) category: left
    public void Splits_follow_libxgboost_rules(float f0, float f1, float expected) =>
        Assert.Equal(expected, Tree.PredictSingle([f0, f1]));

    // The same two trees with category 40 in tree 1's set: sets past 31 are kept as bit fields [2 words].
    private static readonly XGBoostModel WideTree = XGBoostModel.Load(System.Text.Encoding.UTF8.GetBytes(
        Model.Replace("\"categories\": [1, 3]", "\"categories\": [1, 40]", StringComparison.Ordinal)));

    [Theory]
    [InlineData(0.4f, 0f, 0.5f + 0.1f + 0.3f)]           // category 0 not listed: left
    [InlineData(0.5f, 1f, 0.5f + 0.2f + 0.4f)]           // category 1 listed: right
    [InlineData(0f, 1.5f, 0.5f + 0.1f + 0.4f)]           // 1.5 is category 1 (truncated): right
    [InlineData(0f, 40f, 0.5f + 0.1f + 0.4f)]            // category 40 listed (second word): right
    [InlineData(0f, 3f, 0.5f + 0.1f + 0.3f)]             // category 3 not listed here: left
    [InlineData(0f, 33f, 0.5f + 0.1f + 0.3f)]            // in the second word, not listed: left
    [InlineData(0f, 64f, 0.5f + 0.1f + 0.3f)]            // beyond the node's two words: left
    [InlineData(0f, 16777216f, 0.5f + 0.1f + 0.3f)]      // 2^24, not an exact category: left
    [InlineData(0f, -0.5f, 0.5f + 0.1f + 0.3f)]          // negative (even if it truncates to 0): left
    [InlineData(0f, float.NaN, 0.5f + 0.1f + 0.3f)]      // missing follows default_left = 1: left
    [InlineData(float.NaN, 40f, 0.5f + 0.2f + 0.4f)]     // missing f0 follows default_left = 0: right
    public void Wide_category_sets_follow_the_same_rules(float f0, float f1, float expected)
    {
        Assert.Equal(expected, WideTree.PredictSingle([f0, f1]));
        Span<float> batch = stackalloc float[2];
        WideTree.PredictBatch([f0, f1, f0, f1], batch);
        Assert.Equal([expected, expected], batch.ToArray());
    }

    [Theory]
    [InlineData(0f, 1.5f, 0.5f + 0.1f + 0.4f)]           // 1.5 is category 1 (truncated): right
    [InlineData(0f, -0.5f, 0.5f + 0.1f + 0.3f)]          // negative (even if it truncates to 0): left
    [InlineData(0f, 31f, 0.5f + 0.1f + 0.3f)]            // past the in-node bits: left
    [InlineData(0f, 35f, 0.5f + 0.1f + 0.3f)]            // 35 mod 32 is 3, which is listed: still left
    [InlineData(0f, float.PositiveInfinity, 0.5f + 0.1f + 0.3f)]
    [InlineData(float.NegativeInfinity, 3f, 0.5f + 0.1f + 0.4f)]
    public void Small_category_sets_keep_out_of_range_values_left(float f0, float f1, float expected) =>
        Assert.Equal(expected, Tree.PredictSingle([f0, f1]));

    // XGBoost writes non-finite floats as bare tokens (NaN, Infinity, -Infinity), which JSON does not allow; the
    // same words inside strings are text and stay as written.
    [Theory]
    [InlineData(1e30f, 0f, 0.5f + 0.1f + 0.3f)]          // every finite f0 is < Infinity: left
    [InlineData(float.PositiveInfinity, 0f, 0.5f + 0.2f + 0.3f)] // Infinity is not < Infinity: right
    public void Bare_non_finite_numbers_load_and_strings_stay_as_written(float f0, float f1, float expected)
    {
        var model = XGBoostModel.Load(System.Text.Encoding.UTF8.GetBytes(Model
            .Replace("[\"f0\", \"f1\"]", "[\"NaN \\\"Infinity\\\" -Infinity\\\\\", \"f1\"]", StringComparison.Ordinal)
            .Replace("[0.5, 0.1, 0.2]", "[Infinity, 0.1, 0.2]", StringComparison.Ordinal)
            .Replace("\"categories_segments\": [0]", "\"categories_segments\": [0], \"loss_changes\": [-Infinity, NaN, -Infinity]", StringComparison.Ordinal)));
        Assert.Equal("NaN \"Infinity\" -Infinity\\", model.FeatureNames[0]);
        Assert.Equal(expected, model.PredictSingle([f0, f1]));
    }

    [Fact]
    public void A_negative_zero_sum_keeps_its_sign() // the padding trees add -0, which must not turn -0 into +0
    {
        var model = XGBoostModel.Load(System.Text.Encoding.UTF8.GetBytes(Model
            .Replace("\"5E-1\"", "\"-0\"", StringComparison.Ordinal)
            .Replace("[0.5, 0.1, 0.2]", "[0.5, -0.0, 0.2]", StringComparison.Ordinal)
            .Replace("[NaN, 0.3, 0.4]", "[NaN, -0.0, 0.4]", StringComparison.Ordinal)));
        Assert.Equal(BitConverter.SingleToInt32Bits(-0.0f), BitConverter.SingleToInt32Bits(model.PredictSingle([0f, 0f])));
        Assert.Equal(2, model.TreeCount);
    }

    [Fact]
    public void Evaluating_rows_allocates_nothing()
    {
        float[] row = [0.4f, 40f];
        var output = new float[1];
        var rows = new float[2 * 100];
        var outputs = new float[100];
        foreach (var model in new[] { Tree, WideTree })
        {
            model.Predict(row, output);
            model.PredictBatch(rows, outputs);
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 1000; i++)
            {
                model.Predict(row, output);
                model.PredictBatch(rows, outputs);
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }

    [Fact]
    public void Sigmoid_matches_the_float_formula_and_saturates() // 1/(1+e^-x) in float; values from /usr/bin/python3 numpy float32
    {
        Assert.Equal(0.5f, XGBoostModel.Sigmoid(0f));
        Assert.Equal(0.7310586f, XGBoostModel.Sigmoid(1f));   // numpy: np.float32(1)/(np.exp(-np.float32(1))+np.float32(1)+np.float32(1e-16)) = 0.7310586
        Assert.InRange(XGBoostModel.Sigmoid(-200f), 0f, 1e-30f);   // clamped at expf(88.7): tiny, never a division by infinity
    }
}
