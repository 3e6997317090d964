using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace LeanML.Scoring;

/// <summary>Loading of the XGBoost 1.7 JSON model format (Booster.save_model("x.json") / XGBoosterSaveModelToBuffer).</summary>
public sealed partial class XGBoostModel
{
    // Where a run of plain JSON ends: a string starts, or perhaps a bare NaN or (-)Infinity.
    private static readonly SearchValues<byte> NonFiniteStarts = SearchValues.Create("\"NI"u8);

    /// <summary>Parses a model saved in XGBoost's JSON format; errors name the source and what is wrong.</summary>
    public static XGBoostModel Load(ReadOnlySpan<byte> json, string source = "model.json")
    {
        JsonDocument doc;
        try
        {
            // XGBoost writes non-finite floats as bare NaN / Infinity tokens, which JSON does not allow.
            doc = JsonDocument.Parse(QuoteNonFinite(json));
        }
        catch (JsonException ex)
        {
            throw new LeanMLInputException($"the model is not valid JSON: {ex.Message}", source, inner: ex);
        }

        using (doc)
        {
            try
            {
                return FromDocument(doc.RootElement, source);
            }
            catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
            {
                throw new LeanMLInputException($"the model is not an XGBoost 1.7 JSON model LeanML can read: {ex.Message}", source, inner: ex);
            }
        }
    }

    private static XGBoostModel FromDocument(JsonElement root, string source)
    {
        var learner = root.GetProperty("learner");
        var param = learner.GetProperty("learner_model_param");
        var numFeature = int.Parse(param.GetProperty("num_feature").GetString()!, CultureInfo.InvariantCulture);
        if (numFeature < 1)
        {
            // A leaf's step reads feature 0 (its answer is unused), so a row has at least one number.
            throw new FormatException($"num_feature is {numFeature}");
        }

        var numClass = int.Parse(param.GetProperty("num_class").GetString()!, CultureInfo.InvariantCulture);
        var baseScore = float.Parse(param.GetProperty("base_score").GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture);
        var objectiveName = learner.GetProperty("objective").GetProperty("name").GetString();
        var objective = objectiveName switch
        {
            "binary:logistic" => XGBoostObjective.BinaryLogistic,
            "reg:logistic" => XGBoostObjective.RegLogistic,
            "reg:squarederror" or "reg:linear" => XGBoostObjective.RegSquaredError,
            "multi:softprob" => XGBoostObjective.MultiSoftprob,
            "multi:softmax" => XGBoostObjective.MultiSoftmax,
            _ => throw new LeanMLInputException($"the objective '{objectiveName}' is not supported by the managed evaluator (supported: binary:logistic, reg:logistic, reg:squarederror, multi:softprob, multi:softmax).", source, field: "objective"),
        };
        var multi = objective is XGBoostObjective.MultiSoftprob or XGBoostObjective.MultiSoftmax;
        var classCount = multi ? Math.Max(numClass, 1) : 1;

        var names = new List<string>();
        if (learner.TryGetProperty("feature_names", out var fn))
        {
            foreach (var n in fn.EnumerateArray())
            {
                names.Add(n.GetString()!);
            }
        }

        var types = new List<string>();
        if (learner.TryGetProperty("feature_types", out var ft))
        {
            foreach (var n in ft.EnumerateArray())
            {
                types.Add(n.GetString()!);
            }
        }

        var booster = learner.GetProperty("gradient_booster");
        var boosterName = booster.GetProperty("name").GetString();
        if (boosterName != "gbtree")
        {
            throw new LeanMLInputException($"the booster '{boosterName}' is not supported (only gbtree).", source, field: "gradient_booster");
        }

        var model = booster.GetProperty("model");
        var treeInfo = model.GetProperty("tree_info").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var trees = model.GetProperty("trees").EnumerateArray().Select(t => ReadTree(t, numFeature)).ToArray();
        if (treeInfo.Length != trees.Length)
        {
            throw new FormatException($"tree_info has {treeInfo.Length} entries for {trees.Length} trees");
        }

        if (treeInfo.Any(g => g < 0 || g >= classCount))
        {
            throw new FormatException($"tree_info names a class outside 0..{classCount - 1}");
        }

        // Category sets below 31 live in the nodes' bits; a model with any larger category keeps bit fields.
        var wide = trees.Any(t => t.CategorySets.Values.Any(set => set.Any(c => c >= XGBoostNode.SmallCategories)));
        var nodes = new List<XGBoostNode>();
        var bits = new List<uint>();
        var roots = new List<int>();
        var depths = new List<int>();
        var covers = new List<float>();
        foreach (var tree in trees)
        {
            roots.Add(nodes.Count);
            depths.Add(Flatten(tree, numFeature, nodes, wide ? bits : null, covers));
        }

        // Trees are walked in lanes of eight: pad with one-leaf trees of weight -0, which leave every float sum
        // unchanged (x + -0 is x, also for x = +0 and -0).
        var groups = treeInfo.ToList();
        while (roots.Count % Lanes != 0)
        {
            roots.Add(nodes.Count);
            depths.Add(0);
            groups.Add(0);
            nodes.Add(XGBoostNode.Leaf(nodes.Count, numFeature, -0.0f));
            covers.Add(0);
        }

        return new XGBoostModel(objective, numFeature, classCount, baseScore, names, types, trees.Length, [.. nodes], [.. roots], [.. depths], [.. groups], [.. bits], [.. covers]);
    }

    private static JsonTree ReadTree(JsonElement tree, int numFeature)
    {
        var left = Ints(tree, "left_children");
        var right = Ints(tree, "right_children");
        var index = Ints(tree, "split_indices");
        var defaultLeft = Ints(tree, "default_left");
        var conditions = Floats(tree.GetProperty("split_conditions"));
        var splitType = tree.TryGetProperty("split_type", out var st) ? st.EnumerateArray().Select(e => e.GetInt32()).ToArray() : new int[left.Length];
        // The cover of each node (sum of the training rows' hessians) weighs the branches a row does not take in TreeSHAP.
        var hessians = tree.TryGetProperty("sum_hessian", out var sh) ? Floats(sh) : new float[left.Length];
        if (left.Length == 0 || right.Length != left.Length || index.Length != left.Length || defaultLeft.Length != left.Length || conditions.Length != left.Length || splitType.Length != left.Length || hessians.Length != left.Length)
        {
            throw new FormatException("a tree's node arrays are empty or of different lengths");
        }

        for (var i = 0; i < left.Length; i++)
        {
            if (left[i] >= 0 && (index[i] < 0 || index[i] >= numFeature || left[i] >= left.Length || right[i] < 0 || right[i] >= left.Length))
            {
                throw new FormatException($"node {i} refers to a feature or child out of range");
            }
        }

        // Categorical splits (1.7): categories_nodes lists the categorical nodes; their category sets are
        // categories[segment .. segment + size). A categorical split with no recorded set sends every category left.
        var sets = new Dictionary<int, int[]>();
        if (tree.TryGetProperty("categories_nodes", out var cn) && cn.GetArrayLength() > 0)
        {
            var catNodes = cn.EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var segments = tree.GetProperty("categories_segments").EnumerateArray().Select(e => e.GetInt64()).ToArray();
            var sizes = tree.GetProperty("categories_sizes").EnumerateArray().Select(e => e.GetInt64()).ToArray();
            var categories = tree.GetProperty("categories").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            for (var k = 0; k < catNodes.Length; k++)
            {
                var set = categories.AsSpan((int)segments[k], (int)sizes[k]).ToArray();
                if (set.Any(c => c < 0))
                {
                    throw new FormatException($"node {catNodes[k]} lists a negative category");
                }

                sets[catNodes[k]] = set;
            }
        }

        return new JsonTree(left, right, index, defaultLeft, conditions, splitType, sets, hessians);
    }

    // Appends the tree's nodes in sibling order (a split's children are adjacent: right = left + 1), breadth first
    // from the root; returns the tree's depth. A node reached twice (a cycle or a shared child) is refused. Each
    // node's cover goes to covers at the same index.
    private static int Flatten(JsonTree tree, int numFeature, List<XGBoostNode> nodes, List<uint>? bitFields, List<float> covers)
    {
        var root = nodes.Count;
        var order = new List<(int Json, int Depth)> { (0, 0) };
        var seen = new bool[tree.Left.Length];
        seen[0] = true;
        var depth = 0;
        for (var k = 0; k < order.Count; k++)
        {
            var (i, level) = order[k];
            var at = root + k;
            depth = Math.Max(depth, level);
            covers.Add(tree.SumHessian[i]);
            if (tree.Left[i] < 0)
            {
                nodes.Add(XGBoostNode.Leaf(at, numFeature, tree.Conditions[i]));
                continue;
            }

            var left = root + order.Count;
            foreach (var child in (ReadOnlySpan<int>)[tree.Left[i], tree.Right[i]])
            {
                if (seen[child])
                {
                    throw new FormatException($"node {child} is reached twice: the tree is not a tree");
                }

                seen[child] = true;
                order.Add((child, level + 1));
            }

            var defaultLeft = tree.DefaultLeft[i] != 0;
            if (tree.SplitType[i] != 1)
            {
                nodes.Add(XGBoostNode.Numeric(left, tree.SplitIndex[i], tree.Conditions[i], defaultLeft));
                continue;
            }

            var set = tree.CategorySets.GetValueOrDefault(i, []);
            nodes.Add(XGBoostNode.Categorical(left, tree.SplitIndex[i], bitFields is null ? SmallSet(set) : AddBitField(set, bitFields), defaultLeft));
        }

        return depth;
    }

    private static uint SmallSet(int[] set)
    {
        var mask = 0u;
        foreach (var c in set)
        {
            mask |= 1u << c;
        }

        return mask;
    }

    // A bit field [word count, words...] with at least one word (an empty set is one zero word).
    private static uint AddBitField(int[] set, List<uint> bits)
    {
        var start = bits.Count;
        var words = set.Length == 0 ? 1 : (MaxOf(set) >> 5) + 1;
        bits.Add((uint)words);
        for (var w = 0; w < words; w++)
        {
            bits.Add(0);
        }

        foreach (var c in set)
        {
            bits[start + 1 + (c >> 5)] |= 1u << (c & 31);
        }

        return (uint)start;
    }

    private static int MaxOf(ReadOnlySpan<int> values)
    {
        var max = 0;
        foreach (var v in values)
        {
            max = Math.Max(max, v);
        }

        return max;
    }

    private sealed record JsonTree(int[] Left, int[] Right, int[] SplitIndex, int[] DefaultLeft, float[] Conditions, int[] SplitType, Dictionary<int, int[]> CategorySets, float[] SumHessian);

    private static int[] Ints(JsonElement tree, string name) => tree.GetProperty(name).EnumerateArray().Select(e => e.GetInt32()).ToArray();

    private static float[] Floats(JsonElement array)
    {
        var result = new float[array.GetArrayLength()];
        var i = 0;
        foreach (var e in array.EnumerateArray())
        {
            result[i++] = e.ValueKind switch
            {
                JsonValueKind.Number => e.GetSingle(),
                JsonValueKind.String => float.Parse(e.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture),
                _ => float.NaN,
            };
        }

        return result;
    }

    // Rewrites bare NaN / Infinity / -Infinity tokens outside strings as JSON strings. Whole runs of bytes are found and
    // copied by the span routines (vectorized, and fast in precompiled code too): a model of 100 trees is 0.8 MB, and a
    // byte-at-a-time copy was most of the 80 ms its first load took.
    private static ReadOnlyMemory<byte> QuoteNonFinite(ReadOnlySpan<byte> json)
    {
        // Each token grows by its two quotes and holds at least one 'N' or 'I': an upper bound on the output.
        var output = new byte[json.Length + (2 * (json.Count((byte)'N') + json.Count((byte)'I')))];
        var written = 0;
        var i = 0;
        while (i < json.Length)
        {
            var next = json[i..].IndexOfAny(NonFiniteStarts);
            var run = next < 0 ? json.Length - i : next;
            json.Slice(i, run).CopyTo(output.AsSpan(written));
            written += run;
            i += run;
            if (next < 0)
            {
                break;
            }

            if (json[i] == (byte)'"')
            {
                // A string, copied whole: it ends at the first quote that no backslash escapes.
                var end = i + 1;
                while (true)
                {
                    var stop = end < json.Length ? json[end..].IndexOfAny((byte)'"', (byte)'\\') : -1;
                    if (stop < 0)
                    {
                        end = json.Length;
                        break;
                    }

                    end += stop;
                    if (json[end] == (byte)'\\')
                    {
                        end += 2;
                        continue;
                    }

                    end++;
                    break;
                }

                end = Math.Min(end, json.Length);
                json[i..end].CopyTo(output.AsSpan(written));
                written += end - i;
                i = end;
                continue;
            }

            var token = json[i..].StartsWith("NaN"u8) ? 3 : json[i..].StartsWith("Infinity"u8) ? 8 : 0;
            if (token == 0)
            {
                output[written++] = json[i++];
                continue;
            }

            // -Infinity: the minus sign was copied with the run before; it goes inside the quotes.
            var negative = written > 0 && output[written - 1] == (byte)'-';
            written -= negative ? 1 : 0;
            output[written++] = (byte)'"';
            if (negative)
            {
                output[written++] = (byte)'-';
            }

            json.Slice(i, token).CopyTo(output.AsSpan(written));
            written += token;
            output[written++] = (byte)'"';
            i += token;
        }

        return output.AsMemory(0, written);
    }
}
