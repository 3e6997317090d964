using System.Runtime.InteropServices;

namespace LeanML.Scoring;

/// <summary>
/// One flattened tree node in 16 bytes (four per cache line): children are absolute indices into the model's node
/// array (a leaf has Left = -1); the feature index carries the default-left and categorical flags in its top bits;
/// Value is the split threshold, the leaf weight, or (categorical) the start of the node's category bit field.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly struct XGBoostNode
{
    public const int DefaultLeftFlag = 1 << 30;
    public const int CategoricalFlag = 1 << 29;
    public const int FeatureMask = CategoricalFlag - 1;

    public readonly int Left;
    public readonly int Right;
    public readonly int FeatureAndFlags;
    public readonly float Value;

    private XGBoostNode(int left, int right, int featureAndFlags, float value)
    {
        Left = left;
        Right = right;
        FeatureAndFlags = featureAndFlags;
        Value = value;
    }

    /// <summary>A leaf with its weight.</summary>
    public static XGBoostNode Leaf(float value) => new(-1, -1, 0, value);

    /// <summary>A numeric split: left when value &lt; threshold.</summary>
    public static XGBoostNode Numeric(int left, int right, int feature, float threshold, bool defaultLeft) =>
        new(left, right, feature | (defaultLeft ? DefaultLeftFlag : 0), threshold);

    /// <summary>A categorical split whose bit field starts at <paramref name="categoryStart"/> (first word: its length).</summary>
    public static XGBoostNode Categorical(int left, int right, int feature, int categoryStart, bool defaultLeft) =>
        new(left, right, feature | CategoricalFlag | (defaultLeft ? DefaultLeftFlag : 0), BitConverter.Int32BitsToSingle(categoryStart));

    /// <summary>The start of a categorical node's bit field.</summary>
    public int CategoryStart => BitConverter.SingleToInt32Bits(Value);
}
