using System.Runtime.InteropServices;

namespace LeanML.Scoring;

/// <summary>
/// One flattened tree node in 16 bytes (four per cache line), laid out so a step down a tree is one node load, one
/// feature load and a branch-free child choice (see <see cref="XGBoostFeatureValue"/>): the children of a split are
/// siblings (right = Left + 1); a leaf is its own left child and never goes right, so walking a tree a fixed number
/// of steps (its depth) always ends on the row's leaf.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly struct XGBoostNode
{
    /// <summary>The bit of a missing value in <see cref="XGBoostFeatureValue.Bits"/>, set in a node's Bits when missing goes right.</summary>
    public const uint Missing = 1u << 31;

    /// <summary>Categories below this are kept as bits of a node (bit 31 is <see cref="Missing"/>).</summary>
    public const int SmallCategories = 31;

    /// <summary>The left child (the right child is the next node); a leaf's own index.</summary>
    public readonly int Left;

    /// <summary>The feature index; a leaf's is the model's feature count, an always-missing slot past the row's features.</summary>
    public readonly int Feature;

    /// <summary>Numeric split: a present value goes right when value &gt;= Threshold. Categorical split: NaN (never). Leaf: the leaf weight.</summary>
    public readonly float Threshold;

    /// <summary>
    /// <see cref="Missing"/> when a missing value goes right, with, for a categorical split, the categories going
    /// right as bits (all below <see cref="SmallCategories"/>) or else the start of the node's bit field. 0 for a leaf.
    /// </summary>
    public readonly uint Bits;

    private XGBoostNode(int left, int feature, float threshold, uint bits)
    {
        Left = left;
        Feature = feature;
        Threshold = threshold;
        Bits = bits;
    }

    /// <summary>A leaf's weight.</summary>
    public float LeafValue => Threshold;

    /// <summary>True for a leaf (its own left child).</summary>
    public bool IsLeaf(int index) => Left == index;

    /// <summary>True for a categorical split (a split with a NaN threshold; numeric thresholds never are).</summary>
    public bool IsCategorical => float.IsNaN(Threshold);

    /// <summary>A leaf at <paramref name="index"/> with its weight; its feature is the always-missing slot.</summary>
    public static XGBoostNode Leaf(int index, int featureCount, float value) => new(index, featureCount, value, 0);

    /// <summary>A numeric split: a present value goes left when value &lt; threshold (XGBoost's rule), so right when it is not.</summary>
    public static XGBoostNode Numeric(int left, int feature, float threshold, bool defaultLeft) =>
        // A NaN threshold sends every present value right (value < NaN is false): -Infinity does the same with >=.
        new(left, feature, float.IsNaN(threshold) ? float.NegativeInfinity : threshold, defaultLeft ? 0 : Missing);

    /// <summary>A categorical split: <paramref name="categories"/> holds the category bits or the start of the node's bit field.</summary>
    public static XGBoostNode Categorical(int left, int feature, uint categories, bool defaultLeft) =>
        new(left, feature, float.NaN, categories | (defaultLeft ? 0 : Missing));
}
