using LeanML.XGBoost;

namespace LeanML.Tests.XGBoost;

/// <summary>The raw layer against the real libxgboost: bad arguments give error codes and messages, not crashes.</summary>
public sealed unsafe class XGBoostNativeTests
{
    public XGBoostNativeTests() => XGBoostLibrary.EnsureLoaded();

    private static DMatrixHandle Matrix(int rows, int cols)
    {
        var data = new float[rows * cols];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = i % 7;
        }

        fixed (float* p = data)
        {
            Assert.Equal(0, XGBoostNative.XGDMatrixCreateFromMat(p, (ulong)rows, (ulong)cols, float.NaN, out var raw));
            return new DMatrixHandle(raw);
        }
    }

    [Fact]
    public void The_version_is_1_7() => Assert.StartsWith("1.7.", XGBoostLibrary.Version(), StringComparison.Ordinal);

    [Fact]
    public void Labels_of_the_wrong_length_give_minus_one_and_a_message()
    {
        using var m = Matrix(4, 2);
        var labels = new float[3];
        fixed (float* p = labels)
        {
            Assert.Equal(-1, XGBoostNative.XGDMatrixSetFloatInfo(m, "label", p, 3));
        }

        Assert.False(string.IsNullOrWhiteSpace(XGBoostLibrary.LastError()));
    }

    [Fact]
    public void An_unknown_info_field_gives_minus_one()
    {
        using var m = Matrix(2, 2);
        var values = new float[2];
        fixed (float* p = values)
        {
            Assert.Equal(-1, XGBoostNative.XGDMatrixSetFloatInfo(m, "no_such_field", p, 2));
        }

        Assert.Contains("no_such_field", XGBoostLibrary.LastError(), StringComparison.Ordinal);
    }

    [Fact]
    public void Garbage_model_bytes_give_minus_one()
    {
        Assert.Equal(0, XGBoostNative.XGBoosterCreate(null, 0, out var raw));
        using var booster = new BoosterHandle(raw);
        var garbage = "this is not a model"u8.ToArray();
        fixed (byte* p = garbage)
        {
            Assert.Equal(-1, XGBoostNative.XGBoosterLoadModelFromBuffer(booster, p, (ulong)garbage.Length));
        }
    }

    [Fact]
    public void A_bad_parameter_value_surfaces_xgboost_message_through_the_wrapper()
    {
        using var m = DMatrix.FromRowMajor(new float[] { 1, 2, 3, 4, 5, 6, 7, 8 }, 4, 2);
        m.SetLabels([0, 1, 0, 1]);
        using var booster = Booster.Create(m);
        booster.SetParam("max_depth", "not-a-number");
        var ex = Assert.Throws<XGBoostException>(() => booster.UpdateOneIter(0, m));
        Assert.Contains("max_depth", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_matrix_trains_predicts_and_saves_json()
    {
        var x = new float[200];
        var y = new float[100];
        for (var i = 0; i < 100; i++)
        {
            x[2 * i] = i;
            x[(2 * i) + 1] = i % 3 == 0 ? float.NaN : i % 5;
            y[i] = i >= 50 ? 1 : 0;
        }

        using var m = DMatrix.FromRowMajor(x, 100, 2);
        m.SetLabels(y);
        m.SetFeatureNames(["a", "b"]);
        Assert.Equal(100UL, m.NativeRowCount());
        Assert.Equal(2UL, m.NativeColumnCount());
        using var booster = Booster.Create(m);
        booster.SetParam("objective", "binary:logistic");
        booster.SetParam("eval_metric", "auc");
        for (var i = 0; i < 5; i++)
        {
            booster.UpdateOneIter(i, m);
        }

        Assert.Equal(1.0, booster.EvalOneIter(4, (m, "train"))["train-auc"], 6);
        var p = booster.Predict(m);
        Assert.Equal(100, p.Length);
        Assert.True(p[99] > 0.5 && p[0] < 0.5);
        Assert.Equal(5, booster.BoostedRounds());
        using var first2 = booster.Slice(2);
        Assert.Equal(2, first2.BoostedRounds());
        var json = booster.SaveJson();
        using var loaded = Booster.Load(json);
        Assert.Equal(p, loaded.Predict(m));
        // The booster names features f0, f1… until told their names (the saved model carries them then).
        Assert.True(booster.FeatureScore("gain")["f0"] > 0);
        booster.SetFeatureInfo(["a", "b"], ["q", "q"]);
        Assert.True(booster.FeatureScore("gain")["a"] > 0);
    }

    [Fact]
    public void Predict_from_dmatrix_with_a_bad_config_gives_minus_one_and_a_message()
    {
        using var m = DMatrix.FromRowMajor(new float[] { 1, 2, 3, 4, 5, 6, 7, 8 }, 4, 2);
        m.SetLabels([0, 1, 0, 1]);
        using var booster = Booster.Create(m);
        booster.SetParam("objective", "binary:logistic");
        booster.UpdateOneIter(0, m);
        // Not JSON, then JSON without the required keys (libxgboost 1.7 names the first it misses, `iteration_begin`): error
        // codes and messages, never a crash.
        Assert.Equal(-1, XGBoostNative.XGBoosterPredictFromDMatrix(booster.Handle, m.Handle, "not json", out _, out _, out _));
        Assert.False(string.IsNullOrWhiteSpace(XGBoostLibrary.LastError()));
        Assert.Equal(-1, XGBoostNative.XGBoosterPredictFromDMatrix(booster.Handle, m.Handle, """{"type": 2}""", out _, out _, out _));
        Assert.Contains("is required", XGBoostLibrary.LastError(), StringComparison.Ordinal);
    }

    [Fact]
    public void Contributions_through_the_wrapper_sum_to_the_margin()
    {
        var x = new float[300];
        var y = new float[100];
        for (var i = 0; i < 100; i++)
        {
            x[3 * i] = i;
            x[(3 * i) + 1] = i % 3 == 0 ? float.NaN : i % 5;
            x[(3 * i) + 2] = (i * 7) % 11;
            y[i] = (i >= 50) ^ (i % 5 == 1) ? 1 : 0;
        }

        using var m = DMatrix.FromRowMajor(x, 100, 3);
        m.SetLabels(y);
        using var booster = Booster.Create(m);
        booster.SetParam("objective", "binary:logistic");
        for (var i = 0; i < 5; i++)
        {
            booster.UpdateOneIter(i, m);
        }

        var contributions = booster.PredictContributions(m, out var shape);
        Assert.Equal([100UL, 4UL], shape);
        var margins = booster.PredictMargin(m);
        for (var r = 0; r < 100; r++)
        {
            // SHAP's local accuracy: the features' contributions plus the bias are the row's margin.
            Assert.Equal(margins[r], contributions.AsSpan(r * 4, 4).ToArray().Sum(), 5);
        }

        // The second feature (a third of it missing) is used by the trees, so it gets contributions.
        Assert.Contains(Enumerable.Range(0, 100), r => Math.Abs(contributions[(r * 4) + 1]) > 1e-4);
    }

    [Fact]
    public void Eval_text_is_parsed()
    {
        var values = Booster.ParseEval("[3]\tvalid-auc:0.8125\ttest-auc:0.75");
        Assert.Equal(0.8125, values["valid-auc"]);
        Assert.Equal(0.75, values["test-auc"]);
    }
}
