using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LeanML.Scoring;

/// <summary>
/// A managed evaluator of an XGBoost 1.7 JSON model (gbtree): the trees flattened into one node array at load,
/// evaluated with libxgboost's CPU predictor's split rules and float sums in its order, so predictions are
/// bit-identical float32s. A row's features are encoded once (<see cref="XGBoostFeatureValue"/>), then each tree is
/// walked a fixed number of steps (its depth) with a branch-free child choice (<see cref="XGBoostNode"/>): the CPU
/// never mispredicts a row's path, so it overlaps the walks of consecutive trees. Models with a categorical split
/// listing a category of 31 or more keep their sets as bit fields and are walked node by node instead.
/// Immutable and thread-safe; evaluating a row allocates nothing.
/// </summary>
public sealed partial class XGBoostModel
{
    private readonly XGBoostNode[] _nodes;
    private readonly int[] _roots;
    private readonly int[] _laneDepths;
    private readonly int[] _groups;
    private readonly uint[] _categoryBits;
    private readonly bool _wideCategories;
    private readonly float _baseMargin;

    private XGBoostModel(XGBoostObjective objective, int featureCount, int classCount, float baseScore, IReadOnlyList<string> featureNames, IReadOnlyList<string> featureTypes,
        int treeCount, XGBoostNode[] nodes, int[] roots, int[] depths, int[] groups, uint[] categoryBits, float[] covers)
    {
        _covers = covers;
        _treeMeans = TreeMeans(nodes, covers, roots, treeCount);
        _shapPathLength = ShapPathLength(depths);
        Objective = objective;
        FeatureCount = featureCount;
        ClassCount = classCount;
        BaseScore = baseScore;
        FeatureNames = featureNames;
        FeatureTypes = featureTypes;
        _nodes = nodes;
        TreeCount = treeCount;
        _roots = roots;
        _laneDepths = [.. depths.Chunk(Lanes).Select(lane => lane.Max())];
        _groups = groups;
        _categoryBits = categoryBits;
        _wideCategories = categoryBits.Length > 0;
        // libxgboost keeps base_score in output space and converts it once (ObjFunction::ProbToMargin, in float):
        // -logf(1/p - 1) for the logistic objectives, the value itself otherwise.
        _baseMargin = objective is XGBoostObjective.BinaryLogistic or XGBoostObjective.RegLogistic
            ? -MathF.Log(1.0f / baseScore - 1.0f)
            : baseScore;
    }

    /// <summary>The objective, which fixes the output transform.</summary>
    public XGBoostObjective Objective { get; }

    /// <summary>Number of input features (the width of a row).</summary>
    public int FeatureCount { get; }

    /// <summary>Number of classes for the multi-class objectives, 1 otherwise.</summary>
    public int ClassCount { get; }

    /// <summary>The base_score as stored (output space).</summary>
    public float BaseScore { get; }

    /// <summary>The feature names saved in the model (may be empty when trained without names).</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>The feature types saved in the model ("float", "int", "c" for categorical…; may be empty).</summary>
    public IReadOnlyList<string> FeatureTypes { get; }

    /// <summary>Number of trees.</summary>
    public int TreeCount { get; }

    /// <summary>How many numbers <see cref="Predict"/> writes per row: ClassCount for multi:softprob, else 1.</summary>
    public int OutputCount => Objective == XGBoostObjective.MultiSoftprob ? ClassCount : 1;

    /// <summary>The raw margins of one row (ClassCount numbers): base margin plus the leaves of every tree of each class.</summary>
    public void PredictMargin(ReadOnlySpan<float> features, Span<float> margins)
    {
        CheckRow(features);
        var groups = ClassCount;
        if (margins.Length < groups)
        {
            throw new ArgumentException($"the margin buffer holds {margins.Length}; the model has {groups} classes.", nameof(margins));
        }

        if (groups == 1)
        {
            margins[0] = Margin(features);
            return;
        }

        margins[..groups].Fill(_baseMargin);
        if (_wideCategories)
        {
            for (var t = 0; t < _roots.Length; t++)
            {
                margins[_groups[t]] += _nodes[WideLeaf(features, _roots[t])].LeafValue;
            }

            return;
        }

        var width = FeatureCount + 1;
        XGBoostFeatureValue[]? rented = null;
        var values = width <= StackValues ? stackalloc XGBoostFeatureValue[width] : (rented = ArrayPool<XGBoostFeatureValue>.Shared.Rent(width));
        Encode(features, values);
        AddLeaves(ref MemoryMarshal.GetReference(values), margins);
        if (rented is not null)
        {
            ArrayPool<XGBoostFeatureValue>.Shared.Return(rented);
        }
    }

    /// <summary>The prediction of one row after the objective's transform (<see cref="OutputCount"/> numbers).</summary>
    public void Predict(ReadOnlySpan<float> features, Span<float> output)
    {
        if (ClassCount == 1)
        {
            output[0] = PredictSingle(features);
            return;
        }

        Span<float> margins = ClassCount <= 64 ? stackalloc float[ClassCount] : new float[ClassCount];
        PredictMargin(features, margins);
        Transform(margins, output);
    }

    /// <summary>The single output of a binary or regression model (or the class index of multi:softmax).</summary>
    public float PredictSingle(ReadOnlySpan<float> features)
    {
        if (ClassCount != 1)
        {
            Span<float> one = stackalloc float[1];
            if (Objective != XGBoostObjective.MultiSoftmax)
            {
                throw new InvalidOperationException("a multi:softprob model has one output per class; call Predict.");
            }

            Predict(features, one);
            return one[0];
        }

        CheckRow(features);
        var margin = Margin(features);
        return Objective is XGBoostObjective.BinaryLogistic or XGBoostObjective.RegLogistic ? Sigmoid(margin) : margin;
    }

    /// <summary>
    /// Predicts many rows (row-major, FeatureCount wide) into output (OutputCount per row). Rows are evaluated in
    /// blocks of 64, eight trees at a time (libxgboost's predictor also takes blocks of 64 rows) so those trees' nodes
    /// stay in cache; each row still sums its trees in the same order, so results equal <see cref="Predict"/> bit for bit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void PredictBatch(ReadOnlySpan<float> rows, Span<float> output)
    {
        var features = FeatureCount;
        var n = rows.Length / features;
        var outputs = OutputCount;
        if (output.Length < n * outputs)
        {
            throw new ArgumentException($"the output holds {output.Length} numbers; {n} rows need {n * outputs}.", nameof(output));
        }

        if (_wideCategories)
        {
            for (var i = 0; i < n; i++)
            {
                Predict(rows.Slice(i * features, features), output.Slice(i * outputs, outputs));
            }

            return;
        }

        const int Block = 64;
        var width = features + 1;
        var groups = ClassCount;
        var values = ArrayPool<XGBoostFeatureValue>.Shared.Rent(Block * width);
        var margins = ArrayPool<float>.Shared.Rent(Block * groups);
        try
        {
            for (var start = 0; start < n; start += Block)
            {
                var count = Math.Min(Block, n - start);
                for (var r = 0; r < count; r++)
                {
                    Encode(rows.Slice((start + r) * features, features), values.AsSpan(r * width, width));
                }

                var block = margins.AsSpan(0, count * groups);
                block.Fill(_baseMargin);
                AddBlockLeaves(values, count, block);
                for (var r = 0; r < count; r++)
                {
                    Transform(block.Slice(r * groups, groups), output.Slice((start + r) * outputs, outputs));
                }
            }
        }
        finally
        {
            ArrayPool<XGBoostFeatureValue>.Shared.Return(values);
            ArrayPool<float>.Shared.Return(margins);
        }
    }

    /// <summary>libxgboost's common::Sigmoid (1.7): 1 / (expf(min(-x, 88.7)) + 1 + 1e-16), in float.</summary>
    public static float Sigmoid(float x)
    {
        const float Eps = 1e-16f;
        var e = MathF.Exp(MathF.Min(-x, 88.7f));
        return 1.0f / (e + 1.0f + Eps);
    }

    /// <summary>libxgboost's common::Softmax: exp(x - max) in float, summed in double, divided in float.</summary>
    public static void Softmax(Span<float> values)
    {
        var max = values[0];
        for (var i = 1; i < values.Length; i++)
        {
            max = MathF.Max(values[i], max);
        }

        var sum = 0.0;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = MathF.Exp(values[i] - max);
            sum += values[i];
        }

        var total = (float)sum;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] /= total;
        }
    }

    private static float ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }

    // The objective's output transform of one row's margins.
    private void Transform(Span<float> margins, Span<float> output)
    {
        switch (Objective)
        {
            case XGBoostObjective.BinaryLogistic or XGBoostObjective.RegLogistic:
                output[0] = Sigmoid(margins[0]);
                break;
            case XGBoostObjective.MultiSoftmax:
                output[0] = ArgMax(margins);
                break;
            case XGBoostObjective.MultiSoftprob:
                Softmax(margins);
                margins.CopyTo(output);
                break;
            default:
                output[0] = margins[0];
                break;
        }
    }

    private void CheckRow(ReadOnlySpan<float> features)
    {
        if (features.Length < FeatureCount)
        {
            throw new ArgumentException($"the row has {features.Length} features; the model needs {FeatureCount}.", nameof(features));
        }
    }

    // A single-output row: the base margin plus every tree's leaf, summed in float in tree order (libxgboost's PredictByAllTrees).
    private float Margin(ReadOnlySpan<float> features)
    {
        var sum = _baseMargin;
        if (_wideCategories)
        {
            foreach (var root in _roots)
            {
                sum += _nodes[WideLeaf(features, root)].LeafValue;
            }

            return sum;
        }

        var width = FeatureCount + 1;
        XGBoostFeatureValue[]? rented = null;
        var values = width <= StackValues ? stackalloc XGBoostFeatureValue[width] : (rented = ArrayPool<XGBoostFeatureValue>.Shared.Rent(width));
        Encode(features, values);
        ref var nodes = ref MemoryMarshal.GetArrayDataReference(_nodes);
        ref var row = ref MemoryMarshal.GetReference(values);
        Span<float> leaves = stackalloc float[Lanes];
        for (var lane = 0; lane < _laneDepths.Length; lane++)
        {
            WalkLane(ref nodes, ref row, lane, leaves);
            foreach (var leaf in leaves)
            {
                sum += leaf;
            }
        }

        if (rented is not null)
        {
            ArrayPool<XGBoostFeatureValue>.Shared.Return(rented);
        }

        return sum;
    }

    // Each tree's leaf added to its class's margin, in tree order.
    private void AddLeaves(ref XGBoostFeatureValue row, Span<float> margins)
    {
        ref var nodes = ref MemoryMarshal.GetArrayDataReference(_nodes);
        Span<float> leaves = stackalloc float[Lanes];
        for (var lane = 0; lane < _laneDepths.Length; lane++)
        {
            WalkLane(ref nodes, ref row, lane, leaves);
            for (var j = 0; j < Lanes; j++)
            {
                margins[_groups[(lane * Lanes) + j]] += leaves[j];
            }
        }
    }

    // The same for count encoded rows (ClassCount margins each), lane by lane so the lane's trees stay in cache.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddBlockLeaves(XGBoostFeatureValue[] values, int count, Span<float> margins)
    {
        ref var nodes = ref MemoryMarshal.GetArrayDataReference(_nodes);
        var width = FeatureCount + 1;
        var classes = ClassCount;
        Span<float> leaves = stackalloc float[Lanes];
        for (var lane = 0; lane < _laneDepths.Length; lane++)
        {
            var groups = _groups.AsSpan(lane * Lanes, Lanes);
            for (var r = 0; r < count; r++)
            {
                WalkLane(ref nodes, ref values[r * width], lane, leaves);
                var rowMargins = margins.Slice(r * classes, classes);
                for (var j = 0; j < Lanes; j++)
                {
                    rowMargins[groups[j]] += leaves[j];
                }
            }
        }
    }

    // The row's features encoded for the walk, plus the always-missing slot leaves point at.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Encode(ReadOnlySpan<float> features, Span<XGBoostFeatureValue> values)
    {
        var last = values.Length - 1;
        for (var j = 0; j < last; j++)
        {
            values[j] = XGBoostFeatureValue.Of(features[j]);
        }

        values[last] = XGBoostFeatureValue.LeafSlot;
    }

    // The leaves of the lane's trees for one row. The trees are walked together, a step of each in turn: their
    // chains of dependent loads are independent, so the CPU overlaps them (walked one after the other, each step
    // waits on the previous one's loads). depth steps from a root end on the row's leaf, as a leaf steps to itself.
    // Node and feature indices were checked at load (children inside their tree, features below FeatureCount,
    // leaves at the slot FeatureCount), so the loads need no bounds checks.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WalkLane(ref XGBoostNode nodes, ref XGBoostFeatureValue row, int lane, Span<float> leaves)
    {
        ref var roots = ref _roots[lane * Lanes];
        int a = roots, b = Unsafe.Add(ref roots, 1), c = Unsafe.Add(ref roots, 2), d = Unsafe.Add(ref roots, 3);
        int e = Unsafe.Add(ref roots, 4), f = Unsafe.Add(ref roots, 5), g = Unsafe.Add(ref roots, 6), h = Unsafe.Add(ref roots, 7);
        for (var k = _laneDepths[lane]; k > 0; k--)
        {
            a = Step(ref nodes, ref row, a);
            b = Step(ref nodes, ref row, b);
            c = Step(ref nodes, ref row, c);
            d = Step(ref nodes, ref row, d);
            e = Step(ref nodes, ref row, e);
            f = Step(ref nodes, ref row, f);
            g = Step(ref nodes, ref row, g);
            h = Step(ref nodes, ref row, h);
        }

        leaves[7] = Unsafe.Add(ref nodes, h).LeafValue;
        leaves[0] = Unsafe.Add(ref nodes, a).LeafValue;
        leaves[1] = Unsafe.Add(ref nodes, b).LeafValue;
        leaves[2] = Unsafe.Add(ref nodes, c).LeafValue;
        leaves[3] = Unsafe.Add(ref nodes, d).LeafValue;
        leaves[4] = Unsafe.Add(ref nodes, e).LeafValue;
        leaves[5] = Unsafe.Add(ref nodes, f).LeafValue;
        leaves[6] = Unsafe.Add(ref nodes, g).LeafValue;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Step(ref XGBoostNode nodes, ref XGBoostFeatureValue row, int index)
    {
        ref readonly var node = ref Unsafe.Add(ref nodes, index);
        return node.Left + Unsafe.Add(ref row, node.Feature).GoesRight(in node);
    }

    // The walk of a model with wide category sets: node by node, with libxgboost 1.7's rules spelled out.
    private int WideLeaf(ReadOnlySpan<float> features, int index)
    {
        while (true)
        {
            ref readonly var node = ref _nodes[index];
            if (node.IsLeaf(index))
            {
                return index;
            }

            var value = features[node.Feature];
            var right = float.IsNaN(value) ? (node.Bits & XGBoostNode.Missing) != 0
                : node.IsCategorical ? CategoryListed(node.Bits & ~XGBoostNode.Missing, value)
                : value >= node.Threshold;
            index = node.Left + (right ? 1 : 0);
        }
    }

    // libxgboost 1.7 common::Decision: a category listed in the node's set goes right; an invalid category
    // (negative, beyond float's exact integers) or one past the node's bit field goes left.
    // The bit field is [word count, words...] starting at start.
    private bool CategoryListed(uint start, float value)
    {
        if (value < 0 || value >= MaxCategory)
        {
            return false;
        }

        var category = (int)value;
        var word = category >> 5;
        return word < (int)_categoryBits[start] && (_categoryBits[start + 1 + (uint)word] & (1u << (category & 31))) != 0;
    }

    /// <summary>Trees walked together for one row; the tree list is padded to a multiple of it.</summary>
    private const int Lanes = 8;

    /// <summary>Rows up to this many features are encoded on the stack; wider ones in a pooled buffer.</summary>
    private const int StackValues = 256;

    /// <summary>Categories are exact integers in a float: 2^24 (libxgboost's OutOfRangeCat).</summary>
    private const float MaxCategory = 16777216f;
}
