using System.Globalization;
using System.Text.Json;

namespace LeanML.Scoring;

/// <summary>Loading of the XGBoost 1.7 JSON model format (Booster.save_model("x.json") / XGBoosterSaveModelToBuffer).</summary>
public sealed partial class XGBoostModel
{
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
        var nodes = new List<XGBoostNode>();
        var bits = new List<uint>();
        var roots = new List<int>();
        foreach (var tree in model.GetProperty("trees").EnumerateArray())
        {
            roots.Add(nodes.Count);
            AddTree(tree, nodes, bits, numFeature);
        }

        if (treeInfo.Length != roots.Count)
        {
            throw new FormatException($"tree_info has {treeInfo.Length} entries for {roots.Count} trees");
        }

        if (treeInfo.Any(g => g < 0 || g >= classCount))
        {
            throw new FormatException($"tree_info names a class outside 0..{classCount - 1}");
        }

        return new XGBoostModel(objective, numFeature, classCount, baseScore, names, types, [.. nodes], [.. roots], treeInfo, [.. bits]);
    }

    private static void AddTree(JsonElement tree, List<XGBoostNode> nodes, List<uint> bits, int numFeature)
    {
        var offset = nodes.Count;
        var left = Ints(tree, "left_children");
        var right = Ints(tree, "right_children");
        var index = Ints(tree, "split_indices");
        var defaultLeft = Ints(tree, "default_left");
        var conditions = Floats(tree.GetProperty("split_conditions"));
        var splitType = tree.TryGetProperty("split_type", out var st) ? st.EnumerateArray().Select(e => e.GetInt32()).ToArray() : new int[left.Length];

        // Categorical splits (1.7): categories_nodes lists the categorical nodes; their category sets are
        // categories[segment .. segment + size). Kept as bit fields, one run of words per node.
        var categoryOf = new Dictionary<int, int>();
        if (tree.TryGetProperty("categories_nodes", out var cn) && cn.GetArrayLength() > 0)
        {
            var catNodes = cn.EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var segments = tree.GetProperty("categories_segments").EnumerateArray().Select(e => e.GetInt64()).ToArray();
            var sizes = tree.GetProperty("categories_sizes").EnumerateArray().Select(e => e.GetInt64()).ToArray();
            var categories = tree.GetProperty("categories").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            for (var k = 0; k < catNodes.Length; k++)
            {
                var set = categories.AsSpan((int)segments[k], (int)sizes[k]);
                var words = set.Length == 0 ? 1 : (MaxOf(set) >> 5) + 1;
                var start = bits.Count;
                bits.Add((uint)words);
                for (var w = 0; w < words; w++)
                {
                    bits.Add(0);
                }

                foreach (var c in set)
                {
                    bits[start + 1 + (c >> 5)] |= 1u << (c & 31);
                }

                categoryOf[catNodes[k]] = start;
            }
        }

        for (var i = 0; i < left.Length; i++)
        {
            if (left[i] < 0)
            {
                nodes.Add(XGBoostNode.Leaf(conditions[i]));
                continue;
            }

            if (index[i] < 0 || index[i] >= numFeature || index[i] > XGBoostNode.FeatureMask || left[i] >= left.Length || right[i] < 0 || right[i] >= left.Length)
            {
                throw new FormatException($"node {i} refers to a feature or child out of range");
            }

            if (splitType[i] == 1)
            {
                if (!categoryOf.TryGetValue(i, out var start))
                {
                    // A categorical split with no recorded set: every valid category goes left.
                    start = bits.Count;
                    bits.Add(0);
                    categoryOf[i] = start;
                }

                nodes.Add(XGBoostNode.Categorical(offset + left[i], offset + right[i], index[i], start, defaultLeft[i] != 0));
            }
            else
            {
                nodes.Add(XGBoostNode.Numeric(offset + left[i], offset + right[i], index[i], conditions[i], defaultLeft[i] != 0));
            }
        }
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

    // Rewrites bare NaN / Infinity / -Infinity tokens outside strings as JSON strings.
    private static byte[] QuoteNonFinite(ReadOnlySpan<byte> json)
    {
        var output = new List<byte>(json.Length + 1024);
        var inString = false;
        for (var i = 0; i < json.Length; i++)
        {
            var b = json[i];
            if (inString)
            {
                output.Add(b);
                if (b == (byte)'\\' && i + 1 < json.Length)
                {
                    output.Add(json[++i]);
                }
                else if (b == (byte)'"')
                {
                    inString = false;
                }

                continue;
            }

            if (b == (byte)'"')
            {
                inString = true;
                output.Add(b);
                continue;
            }

            var token = Token(json[i..]);
            if (token.Length > 0)
            {
                output.Add((byte)'"');
                output.AddRange(token);
                output.Add((byte)'"');
                i += token.Length - 1;
                continue;
            }

            output.Add(b);
        }

        return [.. output];
    }

    private static ReadOnlySpan<byte> Token(ReadOnlySpan<byte> rest)
    {
        ReadOnlySpan<byte> nan = "NaN"u8, inf = "Infinity"u8, neg = "-Infinity"u8;
        return rest.StartsWith(nan) ? nan : rest.StartsWith(inf) ? inf : rest.StartsWith(neg) ? neg : default;
    }
}
