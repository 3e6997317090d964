using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LeanML.Scoring;

/// <summary>
/// Exact TreeSHAP (Lundberg, Erion and Lee 2018, "Consistent Individualized Feature Attribution for Tree Ensembles",
/// algorithm 2) as libxgboost 1.7 implements it (RegTree::CalculateContributions / TreeShap, ExtendPath, UnwindPath,
/// UnwoundPathSum in src/tree/tree_model.cc, in float): each feature's share of a row's margin, plus the bias (the
/// trees' expected values and the base margin), so a row's contributions sum to its margin.
/// </summary>
public sealed partial class XGBoostModel
{
    private readonly float[] _covers;
    private readonly float[] _treeMeans;
    private readonly int _shapPathLength;

    /// <summary>Numbers <see cref="PredictContributions"/> writes per row: ClassCount × (FeatureCount + 1), the bias last in each class.</summary>
    public int ContributionCount => ClassCount * (FeatureCount + 1);

    /// <summary>
    /// The SHAP contributions of one row, laid out as libxgboost's <c>pred_contribs</c>: for each class, FeatureCount
    /// numbers then the bias. Allocates nothing (its buffers are on the stack up to depth 40 and 255 features, pooled beyond).
    /// </summary>
    [SkipLocalsInit]
    public void PredictContributions(ReadOnlySpan<float> features, Span<float> contributions)
    {
        CheckRow(features);
        var width = FeatureCount + 1;
        if (contributions.Length < ContributionCount)
        {
            throw new ArgumentException($"the contribution buffer holds {contributions.Length}; the model writes {ContributionCount}.", nameof(contributions));
        }

        contributions[..ContributionCount].Clear();
        ShapPathElement[]? rentedPath = null;
        var path = _shapPathLength <= StackPath ? stackalloc ShapPathElement[_shapPathLength] : (rentedPath = ArrayPool<ShapPathElement>.Shared.Rent(_shapPathLength));
        float[]? rentedTree = null;
        var tree = width <= StackValues ? stackalloc float[width] : (rentedTree = ArrayPool<float>.Shared.Rent(width)).AsSpan(0, width);
        ref var row = ref MemoryMarshal.GetReference(features);
        for (var t = 0; t < TreeCount; t++)
        {
            // Each tree's contributions are summed on their own, then added to the row's (libxgboost's order of float
            // sums: a regression model's contributions of 10 or more would otherwise differ in the sixth decimal).
            tree.Clear();
            tree[FeatureCount] = _treeMeans[t];
            TreeShap(ref row, ref MemoryMarshal.GetReference(tree), _roots[t], 0, ref MemoryMarshal.GetReference(path), 1f, 1f, -1);
            var phi = contributions.Slice(_groups[t] * width, width);
            for (var j = 0; j < phi.Length; j++)
            {
                phi[j] += tree[j];
            }
        }

        for (var g = 0; g < ClassCount; g++)
        {
            contributions[(g * width) + FeatureCount] += _baseMargin;
        }

        if (rentedPath is not null)
        {
            ArrayPool<ShapPathElement>.Shared.Return(rentedPath);
        }

        if (rentedTree is not null)
        {
            ArrayPool<float>.Shared.Return(rentedTree);
        }
    }

    // The recursion of TreeShap: the path so far (unique features with the fraction of zero and one paths through
    // them) is extended by this node; a leaf adds its weight to each path feature, a split recurses hot then cold.
    // parentPath points at the parent's path; this node's copy goes right after it (libxgboost's layout).
    private void TreeShap(ref float row, ref float phi, int index, int depth, ref ShapPathElement parentPath, float parentZero, float parentOne, int parentFeature)
    {
        ref var path = ref Unsafe.Add(ref parentPath, depth + 1);
        for (var i = 0; i <= depth; i++)
        {
            Unsafe.Add(ref path, i) = Unsafe.Add(ref parentPath, i);
        }

        ExtendPath(ref path, depth, parentZero, parentOne, parentFeature);
        ref readonly var node = ref _nodes[index];
        if (node.IsLeaf(index))
        {
            var leaf = node.LeafValue;
            for (var i = 1; i <= depth; i++)
            {
                ref readonly var el = ref Unsafe.Add(ref path, i);
                var w = UnwoundPathSum(ref path, depth, i);
                Unsafe.Add(ref phi, el.Feature) += w * (el.One - el.Zero) * leaf;
            }

            return;
        }

        var split = node.Feature;
        var hot = NextNode(index, Unsafe.Add(ref row, split));
        var cold = hot == node.Left ? node.Left + 1 : node.Left;
        var cover = _covers[index];
        var hotZero = _covers[hot] / cover;
        var coldZero = _covers[cold] / cover;
        var incomingZero = 1f;
        var incomingOne = 1f;

        // A feature already on the path: undo its earlier split so this one is counted with it.
        var at = 0;
        for (; at <= depth; at++)
        {
            if (Unsafe.Add(ref path, at).Feature == split)
            {
                break;
            }
        }

        if (at != depth + 1)
        {
            incomingZero = Unsafe.Add(ref path, at).Zero;
            incomingOne = Unsafe.Add(ref path, at).One;
            UnwindPath(ref path, depth, at);
            depth--;
        }

        TreeShap(ref row, ref phi, hot, depth + 1, ref path, hotZero * incomingZero, incomingOne, split);
        TreeShap(ref row, ref phi, cold, depth + 1, ref path, coldZero * incomingZero, 0f, split);
    }

    // The child a row's value goes to (the predictor's rule, libxgboost's GetNextNode).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int NextNode(int index, float value)
    {
        ref readonly var node = ref _nodes[index];
        if (!_wideCategories)
        {
            return node.Left + XGBoostFeatureValue.Of(value).GoesRight(in node);
        }

        var right = float.IsNaN(value) ? (node.Bits & XGBoostNode.Missing) != 0
            : node.IsCategorical ? CategoryListed(node.Bits & ~XGBoostNode.Missing, value)
            : value >= node.Threshold;
        return node.Left + (right ? 1 : 0);
    }

    private static void ExtendPath(ref ShapPathElement path, int depth, float zero, float one, int feature)
    {
        ref var last = ref Unsafe.Add(ref path, depth);
        last.Feature = feature;
        last.Zero = zero;
        last.One = one;
        last.Weight = depth == 0 ? 1f : 0f;
        for (var i = depth - 1; i >= 0; i--)
        {
            ref var el = ref Unsafe.Add(ref path, i);
            Unsafe.Add(ref path, i + 1).Weight += one * el.Weight * (i + 1) / (float)(depth + 1);
            el.Weight = zero * el.Weight * (depth - i) / (float)(depth + 1);
        }
    }

    private static void UnwindPath(ref ShapPathElement path, int depth, int at)
    {
        var one = Unsafe.Add(ref path, at).One;
        var zero = Unsafe.Add(ref path, at).Zero;
        var nextOne = Unsafe.Add(ref path, depth).Weight;
        for (var i = depth - 1; i >= 0; i--)
        {
            ref var el = ref Unsafe.Add(ref path, i);
            if (one != 0)
            {
                var tmp = el.Weight;
                el.Weight = nextOne * (depth + 1) / (float)((i + 1) * one);
                nextOne = tmp - (el.Weight * zero * (depth - i) / (float)(depth + 1));
            }
            else
            {
                el.Weight = el.Weight * (depth + 1) / (float)(zero * (depth - i));
            }
        }

        for (var i = at; i < depth; i++)
        {
            ref var el = ref Unsafe.Add(ref path, i);
            ref readonly var next = ref Unsafe.Add(ref path, i + 1);
            el.Feature = next.Feature;
            el.Zero = next.Zero;
            el.One = next.One;
        }
    }

    private static float UnwoundPathSum(ref ShapPathElement path, int depth, int at)
    {
        var one = Unsafe.Add(ref path, at).One;
        var zero = Unsafe.Add(ref path, at).Zero;
        var nextOne = Unsafe.Add(ref path, depth).Weight;
        var total = 0f;
        for (var i = depth - 1; i >= 0; i--)
        {
            var weight = Unsafe.Add(ref path, i).Weight;
            if (one != 0)
            {
                var tmp = nextOne * (depth + 1) / (float)((i + 1) * one);
                total += tmp;
                nextOne = weight - (tmp * zero * ((depth - i) / (float)(depth + 1)));
            }
            else if (zero != 0)
            {
                total += weight / zero / ((depth - i) / (float)(depth + 1));
            }
        }

        return total;
    }

    // Each tree's expected value: the cover-weighted mean of its leaves (libxgboost's FillNodeMeanValues, in float).
    // Nodes are in breadth-first order, so walking a tree backwards meets children before their parent.
    private static float[] TreeMeans(XGBoostNode[] nodes, float[] covers, int[] roots, int treeCount)
    {
        var means = new float[nodes.Length];
        var result = new float[treeCount];
        for (var t = 0; t < treeCount; t++)
        {
            var end = t + 1 < roots.Length ? roots[t + 1] : nodes.Length;
            for (var i = end - 1; i >= roots[t]; i--)
            {
                ref readonly var node = ref nodes[i];
                if (node.IsLeaf(i))
                {
                    means[i] = node.LeafValue;
                    continue;
                }

                var mean = means[node.Left] * covers[node.Left];
                mean += means[node.Left + 1] * covers[node.Left + 1];
                mean /= covers[i];
                means[i] = mean;
            }

            result[t] = means[roots[t]];
        }

        return result;
    }

    // libxgboost's unique-path buffer: (d + 2)(d + 3) / 2 elements for the deepest tree of depth d.
    private static int ShapPathLength(int[] depths)
    {
        var d = depths.Length == 0 ? 0 : depths.Max() + 2;
        return d * (d + 1) / 2;
    }

    /// <summary>Path elements kept on the stack (16 bytes each): trees up to depth 40.</summary>
    private const int StackPath = 903;
}
