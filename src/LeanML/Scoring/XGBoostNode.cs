using System.Runtime.InteropServices;

namespace LeanML.Scoring;

/// <summary>One flattened tree node: children are absolute indices into the model's node array; a leaf has Left = -1.</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct XGBoostNode(int Left, int Right, int Feature, float Value, bool DefaultLeft, bool Categorical, int CategoryStart, int CategoryWords)
{
    /// <summary>True for a leaf, whose <see cref="Value"/> is the leaf weight.</summary>
    public bool IsLeaf => Left < 0;
}
