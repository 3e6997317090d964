using System.Runtime.CompilerServices;

namespace LeanML.Scoring;

/// <summary>
/// A feature value as the tree walk reads it, encoded once per row: the value for numeric splits, and as bits for
/// categorical splits and missing values (<see cref="XGBoostNode.Missing"/> for NaN, 1 &lt;&lt; category for a
/// category below <see cref="XGBoostNode.SmallCategories"/>, else 0). A node then goes right when
/// value &gt;= its threshold or when these bits meet its own (listed category, or missing with default right),
/// which is libxgboost 1.7's rule for both kinds of split without a branch.
/// </summary>
internal readonly struct XGBoostFeatureValue
{
    /// <summary>The value (NaN when missing).</summary>
    public readonly float Value;

    /// <summary>The value as bits: missing, or the small category it names.</summary>
    public readonly uint Bits;

    private XGBoostFeatureValue(float value, uint bits)
    {
        Value = value;
        Bits = bits;
    }

    /// <summary>The always-missing slot that leaves point at: it never goes right.</summary>
    public static XGBoostFeatureValue LeafSlot => new(float.NaN, 0);

    /// <summary>Encodes one value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static XGBoostFeatureValue Of(float value)
    {
        // libxgboost 1.7 common::Decision: a negative category, or one past the node's set, is not listed; the
        // category is the value truncated to an integer. The shift count is taken mod 32 and masked off when unused.
        var small = (value >= 0f ? 1u : 0u) & (value < XGBoostNode.SmallCategories ? 1u : 0u);
        var category = (0u - small) & (1u << (int)value);
        var missing = float.IsNaN(value) ? XGBoostNode.Missing : 0u;
        return new XGBoostFeatureValue(value, category | missing);
    }

    /// <summary>1 when a row with this value goes to the right child of the split node, else 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int GoesRight(in XGBoostNode node) => (Value >= node.Threshold ? 1 : 0) | ((Bits & node.Bits) != 0 ? 1 : 0);
}
