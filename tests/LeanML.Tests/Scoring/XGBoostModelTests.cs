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

    [Fact]
    public void Sigmoid_matches_the_float_formula_and_saturates() // 1/(1+e^-x) in float; values from /usr/bin/python3 numpy float32
    {
        Assert.Equal(0.5f, XGBoostModel.Sigmoid(0f));
        Assert.Equal(0.7310586f, XGBoostModel.Sigmoid(1f));   // numpy: np.float32(1)/(np.exp(-np.float32(1))+np.float32(1)+np.float32(1e-16)) = 0.7310586
        Assert.InRange(XGBoostModel.Sigmoid(-200f), 0f, 1e-30f);   // clamped at expf(88.7): tiny, never a division by infinity
    }
}
