using System.Globalization;
using System.Runtime.InteropServices;
using static LeanML.XGBoost.XGBoostLibrary;

namespace LeanML.XGBoost;

/// <summary>Layer 3: a gradient-boosted model being trained or used, every native call checked.</summary>
public sealed unsafe class Booster : IDisposable
{
    private Booster(BoosterHandle handle) => Handle = handle;

    /// <summary>The owned native handle.</summary>
    public BoosterHandle Handle { get; }

    /// <summary>Creates a booster caching the given matrices (the training matrix first).</summary>
    public static Booster Create(params DMatrix[] cache)
    {
        EnsureLoaded();
        var refs = new bool[cache.Length];
        var pointers = new nint[cache.Length];
        try
        {
            for (var i = 0; i < cache.Length; i++)
            {
                cache[i].Handle.DangerousAddRef(ref refs[i]);
                pointers[i] = cache[i].Handle.DangerousGetHandle();
            }

            nint raw;
            fixed (nint* p = pointers)
            {
                Check(XGBoostNative.XGBoosterCreate(p, (ulong)cache.Length, out raw));
            }

            return new Booster(new BoosterHandle(raw));
        }
        finally
        {
            for (var i = 0; i < cache.Length; i++)
            {
                if (refs[i])
                {
                    cache[i].Handle.DangerousRelease();
                }
            }
        }
    }

    /// <summary>Loads a model saved by <see cref="SaveJson"/> (or any XGBoost model buffer).</summary>
    public static Booster Load(ReadOnlySpan<byte> model)
    {
        var booster = Create();
        try
        {
            fixed (byte* p = model)
            {
                Check(XGBoostNative.XGBoosterLoadModelFromBuffer(booster.Handle, p, (ulong)model.Length));
            }

            return booster;
        }
        catch
        {
            booster.Dispose();
            throw;
        }
    }

    /// <summary>Sets one parameter (objective, max_depth, eta, nthread, …).</summary>
    public void SetParam(string name, string value) => Check(XGBoostNative.XGBoosterSetParam(Handle, name, value));

    /// <summary>Runs one boosting round on the training matrix.</summary>
    public void UpdateOneIter(int iteration, DMatrix train) => Check(XGBoostNative.XGBoosterUpdateOneIter(Handle, iteration, train.Handle));

    /// <summary>Evaluates the configured eval_metric on named matrices; returns name-metric → value.</summary>
    public IReadOnlyDictionary<string, double> EvalOneIter(int iteration, params (DMatrix Matrix, string Name)[] sets)
    {
        var refs = new bool[sets.Length];
        var handles = new nint[sets.Length];
        var names = new nint[sets.Length];
        try
        {
            for (var i = 0; i < sets.Length; i++)
            {
                sets[i].Matrix.Handle.DangerousAddRef(ref refs[i]);
                handles[i] = sets[i].Matrix.Handle.DangerousGetHandle();
                names[i] = Marshal.StringToCoTaskMemUTF8(sets[i].Name);
            }

            nint result;
            fixed (nint* h = handles)
            fixed (nint* n = names)
            {
                Check(XGBoostNative.XGBoosterEvalOneIter(Handle, iteration, h, n, (ulong)sets.Length, out result));
            }

            return ParseEval(Marshal.PtrToStringUTF8(result) ?? "");
        }
        finally
        {
            for (var i = 0; i < sets.Length; i++)
            {
                Marshal.FreeCoTaskMem(names[i]);
                if (refs[i])
                {
                    sets[i].Matrix.Handle.DangerousRelease();
                }
            }
        }
    }

    /// <summary>Predictions for every row (probabilities for binary, rows × classes for multi:softprob).</summary>
    public float[] Predict(DMatrix data)
    {
        Check(XGBoostNative.XGBoosterPredict(Handle, data.Handle, 0, 0, 0, out var length, out var result));
        return new ReadOnlySpan<float>(result, checked((int)length)).ToArray();
    }

    /// <summary>
    /// Exact TreeSHAP contributions (Python's <c>predict(pred_contribs=True)</c>): per row, per class for multi-class
    /// models, one number per feature then the bias; each row's numbers sum to its margin. <paramref name="shape"/> is
    /// libxgboost's: [rows, features + 1] or [rows, classes, features + 1].
    /// </summary>
    public float[] PredictContributions(DMatrix data, out ulong[] shape)
    {
        const string Config = """{"type": 2, "training": false, "iteration_begin": 0, "iteration_end": 0, "strict_shape": false}""";
        Check(XGBoostNative.XGBoosterPredictFromDMatrix(Handle, data.Handle, Config, out var dims, out var dim, out var result));
        shape = new ReadOnlySpan<ulong>(dims, checked((int)dim)).ToArray();
        var length = 1UL;
        foreach (var d in shape)
        {
            length *= d;
        }

        return new ReadOnlySpan<float>(result, checked((int)length)).ToArray();
    }

    /// <summary>Raw margins (before the objective's transform): rows × classes.</summary>
    public float[] PredictMargin(DMatrix data)
    {
        // option_mask 1: output_margin.
        Check(XGBoostNative.XGBoosterPredict(Handle, data.Handle, 1, 0, 0, out var length, out var result));
        return new ReadOnlySpan<float>(result, checked((int)length)).ToArray();
    }

    /// <summary>A new booster holding only the first <paramref name="rounds"/> rounds (the best iteration of early stopping).</summary>
    public Booster Slice(int rounds)
    {
        Check(XGBoostNative.XGBoosterSlice(Handle, 0, rounds, 1, out var raw));
        return new Booster(new BoosterHandle(raw));
    }

    /// <summary>Sets the feature names and types ("q"/"c") the saved model carries.</summary>
    public void SetFeatureInfo(IReadOnlyList<string> names, IReadOnlyList<string> types)
    {
        SetStrings("feature_name", names);
        SetStrings("feature_type", types);
    }

    /// <summary>Number of boosting rounds in the model.</summary>
    public int BoostedRounds()
    {
        Check(XGBoostNative.XGBoosterBoostedRounds(Handle, out var rounds));
        return rounds;
    }

    /// <summary>The model in XGBoost's JSON format (loadable by Python's xgboost).</summary>
    public byte[] SaveJson()
    {
        Check(XGBoostNative.XGBoosterSaveModelToBuffer(Handle, """{"format": "json"}""", out var length, out var buffer));
        return new ReadOnlySpan<byte>(buffer, checked((int)length)).ToArray();
    }

    /// <summary>Feature importance of the given type ("gain" = average gain of its splits); unused features are absent.</summary>
    public IReadOnlyDictionary<string, double> FeatureScore(string importanceType = "gain")
    {
        Check(XGBoostNative.XGBoosterFeatureScore(Handle, $$"""{"importance_type": "{{importanceType}}"}""", out var n, out var features, out _, out _, out var scores));
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < (int)n; i++)
        {
            result[Marshal.PtrToStringUTF8(features[i]) ?? $"f{i}"] = scores[i];
        }

        return result;
    }

    /// <summary>Frees the native booster.</summary>
    public void Dispose() => Handle.Dispose();

    private void SetStrings(string field, IReadOnlyList<string> values)
    {
        using var strings = new NativeUtf8Strings(values);
        fixed (nint* p = strings.Pointers)
        {
            Check(XGBoostNative.XGBoosterSetStrFeatureInfo(Handle, field, p, strings.Count));
        }
    }

    // "[3]\tvalid-auc:0.81\ttest-auc:0.80" → {"valid-auc": 0.81, "test-auc": 0.80}
    internal static Dictionary<string, double> ParseEval(string text)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var part in text.Split('\t', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = part.LastIndexOf(':');
            if (part.StartsWith('[') || colon <= 0)
            {
                continue;
            }

            if (double.TryParse(part[(colon + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                result[part[..colon]] = value;
            }
        }

        return result;
    }
}
