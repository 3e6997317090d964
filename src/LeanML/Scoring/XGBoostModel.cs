using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LeanML.Scoring;

/// <summary>
/// A managed evaluator of an XGBoost 1.7 JSON model (gbtree): the trees flattened into one node array at load,
/// evaluated exactly as libxgboost's CPU predictor does, so predictions are bit-identical float32s.
/// Immutable and thread-safe; evaluating a row allocates nothing.
/// </summary>
public sealed partial class XGBoostModel
{
    private readonly XGBoostNode[] _nodes;
    private readonly int[] _roots;
    private readonly int[] _groups;
    private readonly uint[] _categoryBits;
    private readonly float _baseMargin;

    private XGBoostModel(XGBoostObjective objective, int featureCount, int classCount, float baseScore, IReadOnlyList<string> featureNames, IReadOnlyList<string> featureTypes,
        XGBoostNode[] nodes, int[] roots, int[] groups, uint[] categoryBits)
    {
        Objective = objective;
        FeatureCount = featureCount;
        ClassCount = classCount;
        BaseScore = baseScore;
        FeatureNames = featureNames;
        FeatureTypes = featureTypes;
        _nodes = nodes;
        _roots = roots;
        _groups = groups;
        _categoryBits = categoryBits;
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
    public int TreeCount => _roots.Length;

    /// <summary>How many numbers <see cref="Predict"/> writes per row: ClassCount for multi:softprob, else 1.</summary>
    public int OutputCount => Objective == XGBoostObjective.MultiSoftprob ? ClassCount : 1;

    /// <summary>The raw margins of one row (ClassCount numbers): base margin plus the leaves of every tree of each class.</summary>
    public void PredictMargin(ReadOnlySpan<float> features, Span<float> margins)
    {
        if (features.Length < FeatureCount)
        {
            throw new ArgumentException($"the row has {features.Length} features; the model needs {FeatureCount}.", nameof(features));
        }

        var groups = ClassCount;
        if (margins.Length < groups)
        {
            throw new ArgumentException($"the margin buffer holds {margins.Length}; the model has {groups} classes.", nameof(margins));
        }

        margins[..groups].Fill(_baseMargin);
        ref var nodes = ref MemoryMarshal.GetArrayDataReference(_nodes);
        ref var row = ref MemoryMarshal.GetReference(features);
        var roots = _roots;
        if (groups == 1)
        {
            // Summed in float, in tree order, from the base margin: libxgboost's PredictByAllTrees.
            var sum = _baseMargin;
            for (var t = 0; t < roots.Length; t++)
            {
                sum += Leaf(ref nodes, ref row, roots[t]);
            }

            margins[0] = sum;
            return;
        }

        var treeGroups = _groups;
        for (var t = 0; t < roots.Length; t++)
        {
            margins[treeGroups[t]] += Leaf(ref nodes, ref row, roots[t]);
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
        if (Objective == XGBoostObjective.MultiSoftmax)
        {
            output[0] = ArgMax(margins);
            return;
        }

        Softmax(margins);
        margins.CopyTo(output);
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

        Span<float> margin = stackalloc float[1];
        PredictMargin(features, margin);
        return Objective is XGBoostObjective.BinaryLogistic or XGBoostObjective.RegLogistic ? Sigmoid(margin[0]) : margin[0];
    }

    /// <summary>
    /// Predicts many rows (row-major, FeatureCount wide) into output (OutputCount per row). Single-output models are
    /// evaluated in blocks of 64 rows, tree by tree (as libxgboost's predictor does) so a tree's nodes stay in cache;
    /// each row still sums its trees in the same order, so results equal <see cref="Predict"/> bit for bit.
    /// </summary>
    public void PredictBatch(ReadOnlySpan<float> rows, Span<float> output)
    {
        var width = FeatureCount;
        var n = rows.Length / width;
        if (ClassCount != 1)
        {
            for (var i = 0; i < n; i++)
            {
                Predict(rows.Slice(i * width, width), output.Slice(i * OutputCount, OutputCount));
            }

            return;
        }

        const int Block = 64;
        Span<float> sums = stackalloc float[Block];
        ref var nodes = ref MemoryMarshal.GetArrayDataReference(_nodes);
        ref var first = ref MemoryMarshal.GetReference(rows);
        var roots = _roots;
        var logistic = Objective is XGBoostObjective.BinaryLogistic or XGBoostObjective.RegLogistic;
        for (var start = 0; start < n; start += Block)
        {
            var count = Math.Min(Block, n - start);
            sums[..count].Fill(_baseMargin);
            for (var t = 0; t < roots.Length; t++)
            {
                var root = roots[t];
                for (var r = 0; r < count; r++)
                {
                    sums[r] += Leaf(ref nodes, ref Unsafe.Add(ref first, (start + r) * width), root);
                }
            }

            for (var r = 0; r < count; r++)
            {
                output[start + r] = logistic ? Sigmoid(sums[r]) : sums[r];
            }
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private float Leaf(ref XGBoostNode nodes, ref float row, int index)
    {
        while (true)
        {
            ref readonly var node = ref Unsafe.Add(ref nodes, index);
            if (node.Left < 0)
            {
                return node.Value;
            }

            var flags = node.FeatureAndFlags;
            var value = Unsafe.Add(ref row, flags & XGBoostNode.FeatureMask);
            if (float.IsNaN(value))
            {
                index = (flags & XGBoostNode.DefaultLeftFlag) != 0 ? node.Left : node.Right;
            }
            else if ((flags & XGBoostNode.CategoricalFlag) != 0)
            {
                index = CategoryGoesRight(node.CategoryStart, value) ? node.Right : node.Left;
            }
            else
            {
                index = value < node.Value ? node.Left : node.Right;
            }
        }
    }

    // libxgboost 1.7 common::Decision: a category listed in the node's set goes right; an invalid category
    // (negative, beyond float's exact integers) or one past the node's bit field goes left.
    // The bit field is [word count, words...] starting at start.
    private bool CategoryGoesRight(int start, float value)
    {
        if (value < 0 || value >= MaxCategory)
        {
            return false;
        }

        var category = (int)value;
        var word = category >> 5;
        return word < (int)_categoryBits[start] && (_categoryBits[start + 1 + word] & (1u << (category & 31))) != 0;
    }

    /// <summary>Categories are exact integers in a float: 2^24 (libxgboost's OutOfRangeCat).</summary>
    private const float MaxCategory = 16777216f;
}
