using System.Buffers;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using LeanML.Scoring;
using LeanML.Serving;
using LeanML.XGBoost;

namespace LeanML.Bench;

/// <summary>
/// TreeSHAP: the managed evaluator's <see cref="XGBoostModel.PredictContributions"/> against libxgboost 1.7's
/// pred_contribs (XGBoosterPredictFromDMatrix "type": 2, through LeanML.XGBoost), both on one thread, rows/s on the
/// 100-tree Telco model and a 1,000-tree churn model (20,000 synthetic rows); then a one-row predict request answered in process with and
/// without "explain" (p50 latency and their ratio; the target is under 10x).
/// </summary>
internal static class ExplainBench
{
    public static Task<int> RunAsync(string[] args)
    {
        var dir = BenchData.Fixtures();
        var names = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        foreach (var name in names.Length > 0 ? names : ["telco", "churn1000trees"])
        {
            if (name == "churn1000trees")
            {
                Run("churn1000trees", ChurnModel(dir), EvaluatorBench.ChurnMatrix(2_000, out _), 6);
                continue;
            }

            var rows = BenchData.Rows(dir, name);
            Run(name, File.ReadAllBytes(Path.Combine(dir, name + ".model.json")), [.. rows.SelectMany(r => r)], rows[0].Length);
        }

        PredictLatency(dir);
        return Task.FromResult(0);
    }

    private static void Run(string name, byte[] json, float[] matrix, int width)
    {
        var model = XGBoostModel.Load(json);
        var n = matrix.Length / width;
        Console.WriteLine($"explain: {name} model, {model.TreeCount} trees, {width} features, {n:N0} rows, 1 thread each");
        var managed = new float[n * model.ContributionCount];
        using var booster = Booster.Load(json);
        booster.SetParam("nthread", "1");
        using var data = DMatrix.FromRowMajor(matrix, n, width, 1);
        if (model.FeatureTypes.Count == width)
        {
            data.SetFeatureNames([.. model.FeatureNames]);
            data.SetFeatureTypes([.. model.FeatureTypes.Select(t => t == "c" ? "c" : "q")]);
        }

        // Parity first: a fast wrong answer is no answer.
        ManagedAll(model, matrix, width, managed);
        var native = booster.PredictContributions(data, out _);
        var worst = native.Select((v, i) => Math.Abs(v - managed[i])).Max();
        Console.WriteLine($"  parity: largest difference from libxgboost {worst:E2} over {native.Length:N0} numbers");

        var repeats = n * model.TreeCount > 1_000_000 ? 2 : 5;
        var m = Best(() => ManagedAll(model, matrix, width, managed), repeats);
        var r = Best(() => _ = booster.PredictContributions(data, out _), repeats);
        Console.WriteLine($"  TreeSHAP: LeanML {n / m,12:N0} rows/s   libxgboost pred_contribs {n / r,12:N0} rows/s   ratio {r / m:0.00}x");

        var before = GC.GetAllocatedBytesForCurrentThread();
        ManagedAll(model, matrix, width, managed);
        Console.WriteLine($"  allocated while explaining {n:N0} rows: {GC.GetAllocatedBytesForCurrentThread() - before} bytes");
    }

    // 1,000 trees of depth 6 on 20,000 synthetic churn rows (categorical plan and region), trained once through
    // LeanML.XGBoost and cached beside the fixtures: the evaluator bench's 1M-row model takes minutes to train.
    private static byte[] ChurnModel(string dir)
    {
        const int Rows = 20_000;
        var path = Path.Combine(dir, "churn-1000rounds-20000rows-depth6.model.json");
        if (File.Exists(path))
        {
            return File.ReadAllBytes(path);
        }

        var matrix = EvaluatorBench.ChurnMatrix(Rows, out var labels);
        using var train = DMatrix.FromRowMajor(matrix, Rows, 6);
        train.SetLabels(labels);
        train.SetFeatureNames(["plan", "region", "tenure", "monthly", "support_calls", "paperless"]);
        train.SetFeatureTypes(["c", "c", "q", "q", "q", "q"]);
        using var booster = Booster.Create(train);
        foreach (var (key, value) in new[] { ("objective", "binary:logistic"), ("tree_method", "hist"), ("max_depth", "6"), ("eta", "0.05"), ("max_cat_to_onehot", "1"), ("nthread", "2"), ("seed", "0") })
        {
            booster.SetParam(key, value);
        }

        for (var round = 0; round < 1000; round++)
        {
            booster.UpdateOneIter(round, train);
        }

        var bytes = booster.SaveJson();
        File.WriteAllBytes(path, bytes);
        return bytes;
    }

    private static void ManagedAll(XGBoostModel model, float[] matrix, int width, float[] output)
    {
        var n = matrix.Length / width;
        var per = model.ContributionCount;
        for (var i = 0; i < n; i++)
        {
            model.PredictContributions(matrix.AsSpan(i * width, width), output.AsSpan(i * per, per));
        }
    }

    // One Telco row through the server's own PredictionService (parse, encode, score, write JSON), without the
    // network and the log: the ratio an explaining request adds, at its largest.
    private static void PredictLatency(string dir)
    {
        var modelBytes = File.ReadAllBytes(Path.Combine(dir, "telco.model.json"));
        var csv = File.ReadAllLines(Path.Combine(BenchData.Datasets, "telco-customer-churn", "Telco-Customer-Churn.csv")).Select(l => l.Split(',')).ToArray();
        var schema = HttpBench.TelcoSchema(XGBoostModel.Load(modelBytes), csv);
        var model = ScoringModel.Create("churn", "bench", modelBytes, Encoding.UTF8.GetBytes(schema.ToJson()));
        var service = new PredictionService(new ServingOptions(), null);
        var row = string.Join(", ", schema.Features.Select(f =>
        {
            var v = csv[1][Array.IndexOf(csv[0], f.Name)];
            return f.Kind == LeanML.Features.FeatureKind.Number ? $"\"{f.Name}\": {v}" : $"\"{f.Name}\": \"{v}\"";
        }));
        using var plain = JsonDocument.Parse($$"""{"rows": [{{{row}}}]}""");
        using var explained = JsonDocument.Parse($$"""{"rows": [{{{row}}}], "explain": true}""");
        var output = new ArrayBufferWriter<byte>(4096);
        double P50(JsonElement body)
        {
            for (var i = 0; i < 20_000; i++)
            {
                output.ResetWrittenCount();
                service.Predict(model, body, output);
            }

            var times = new double[100_000];
            for (var i = 0; i < times.Length; i++)
            {
                output.ResetWrittenCount();
                var t = Stopwatch.GetTimestamp();
                service.Predict(model, body, output);
                times[i] = Stopwatch.GetElapsedTime(t).TotalMicroseconds;
            }

            Array.Sort(times);
            return times[times.Length / 2];
        }

        var without = P50(plain.RootElement);
        var with = P50(explained.RootElement);
        Console.WriteLine($"predict, one Telco row in process: p50 {without:0.00} us without explain, {with:0.00} us with \"explain\": true (top 5)   ratio {with / without:0.0}x (target < 10x)");
    }

    private static double Best(Action action, int repeats)
    {
        var best = double.MaxValue;
        for (var i = 0; i < repeats; i++)
        {
            var sw = Stopwatch.StartNew();
            action();
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }

        return best;
    }
}
