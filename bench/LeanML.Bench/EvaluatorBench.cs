using System.Diagnostics;
using System.Globalization;
using LeanML.Scoring;
using LeanML.XGBoost;

namespace LeanML.Bench;

/// <summary>
/// The managed evaluator against libxgboost 1.7 (XGBoosterPredictFromDense, in place) on the same model and rows:
/// batch rows/s at 1 and 2 threads, and single-row latency p50/p99. Models: Telco (100 trees, categorical splits),
/// Bank (150 trees, numeric) and churn1m: 1,000 trees trained once through LeanML.XGBoost on the first 200,000 of
/// the 1M churn rows (<see cref="ChurnData"/>), scored on all 1,000,000.
/// </summary>
internal static class EvaluatorBench
{
    private const int ChurnRows = 1_000_000;
    private const int ChurnTrainRows = 200_000;
    private const int ChurnRounds = 1000;

    public static Task<int> RunAsync(string[] args)
    {
        var dir = BenchData.Fixtures();
        foreach (var name in args.Length > 0 ? args : ["telco", "bank", "churn1m"])
        {
            if (name == "churn1m")
            {
                var matrix = ChurnMatrix(ChurnRows, out _);
                Run(name, ChurnModel(dir), matrix, ChurnRows, repeats: 1, latencySamples: 20_000);
                continue;
            }

            var bytes = File.ReadAllBytes(Path.Combine(dir, name + ".model.json"));
            var rows = BenchData.Rows(dir, name);
            var width = rows[0].Length;
            const int BatchRows = 200_000;
            var cycled = new float[BatchRows * width];
            for (var i = 0; i < BatchRows; i++)
            {
                rows[i % rows.Length].CopyTo(cycled, i * width);
            }

            Run(name, bytes, cycled, rows.Length, repeats: 5, latencySamples: 200_000);
        }

        return Task.FromResult(0);
    }

    // matrix: the batch rows; its first distinctRows rows are compared with libxgboost and used one at a time.
    private static void Run(string name, byte[] bytes, float[] matrix, int distinctRows, int repeats, int latencySamples)
    {
        var model = XGBoostModel.Load(bytes);
        var width = model.FeatureCount;
        var batchRows = matrix.Length / width;
        Console.WriteLine($"evaluator: {name} model, {model.TreeCount} trees, {width} features, {batchRows:N0} batch rows, {distinctRows:N0} distinct rows");
        var managedOut = new float[batchRows];

        // Parity on the batch first: a fast wrong answer is no answer.
        using (var check = new NativeXGBoost(bytes, 2))
        {
            var distinct = matrix.AsSpan(0, distinctRows * width);
            var native = check.Predict(distinct, distinctRows, width).ToArray();
            model.PredictBatch(distinct, managedOut);
            var diff = native.Where((v, i) => BitConverter.SingleToInt32Bits(v) != BitConverter.SingleToInt32Bits(managedOut[i])).Count();
            Console.WriteLine($"  parity: {diff} of {distinctRows:N0} rows differ from libxgboost (bitwise)");
        }

        foreach (var threads in new[] { 1, 2 })
        {
            var managed = Best(() => ManagedBatch(model, matrix, managedOut, threads, width), repeats);
            using var native = new NativeXGBoost(bytes, threads);
            var reference = Best(() => { _ = native.Predict(matrix, batchRows, width); }, repeats);
            var m = batchRows / managed;
            var r = batchRows / reference;
            Console.WriteLine($"  batch {threads} thread{(threads > 1 ? "s" : " ")}: LeanML {m,12:N0} rows/s   libxgboost {r,12:N0} rows/s   ratio {m / r:0.00}x");
        }

        var single = new float[1];
        var (mp50, mp99) = Latency(i => model.Predict(matrix.AsSpan(i % distinctRows * width, width), single), latencySamples);
        using (var native = new NativeXGBoost(bytes, 1))
        {
            var (rp50, rp99) = Latency(i => { _ = native.Predict(matrix.AsSpan(i % distinctRows * width, width), 1, width); }, latencySamples);
            Console.WriteLine($"  single row: LeanML p50 {mp50:0.00} us p99 {mp99:0.00} us   libxgboost in-place p50 {rp50:0.00} us p99 {rp99:0.00} us   ratio (p50) {rp50 / mp50:0.0}x faster");
        }
    }

    // The churn rows as model features: plan and region as category codes, then tenure, monthly, support calls, paperless.
    internal static float[] ChurnMatrix(int rows, out float[] labels)
    {
        var matrix = new float[rows * 6];
        labels = new float[rows];
        var i = 0;
        foreach (var r in ChurnData.Generate(rows))
        {
            var features = matrix.AsSpan(i * 6, 6);
            features[0] = r.Plan;
            features[1] = r.Region;
            features[2] = r.Tenure;
            features[3] = (float)r.Monthly;
            features[4] = r.Calls;
            features[5] = r.Paperless;
            labels[i++] = r.Churned;
        }

        return matrix;
    }

    // Trained once through LeanML.XGBoost and kept in the fixtures folder under a name carrying its parameters.
    internal static byte[] ChurnModel(string dir)
    {
        const string Params = "hist-depth6-eta0.1-cat";
        var path = Path.Combine(dir, string.Create(CultureInfo.InvariantCulture, $"churn-{ChurnRounds}rounds-{ChurnTrainRows}rows-{Params}.model.json"));
        if (File.Exists(path))
        {
            return File.ReadAllBytes(path);
        }

        var clock = Stopwatch.StartNew();
        var matrix = ChurnMatrix(ChurnTrainRows, out var labels);
        using var train = DMatrix.FromRowMajor(matrix, ChurnTrainRows, 6);
        train.SetLabels(labels);
        train.SetFeatureNames(["plan", "region", "tenure", "monthly", "support_calls", "paperless"]);
        train.SetFeatureTypes(["c", "c", "q", "q", "q", "q"]);
        using var booster = Booster.Create(train);
        foreach (var (key, value) in new[] { ("objective", "binary:logistic"), ("tree_method", "hist"), ("max_depth", "6"), ("eta", "0.1"), ("max_cat_to_onehot", "1"), ("nthread", "2"), ("seed", "0") })
        {
            booster.SetParam(key, value);
        }

        for (var round = 0; round < ChurnRounds; round++)
        {
            booster.UpdateOneIter(round, train);
        }

        var bytes = booster.SaveJson();
        File.WriteAllBytes(path + ".tmp", bytes);
        File.Move(path + ".tmp", path, overwrite: true);
        Console.WriteLine($"  (trained the churn1m model once: {ChurnRounds} rounds on {ChurnTrainRows:N0} rows in {clock.Elapsed.TotalSeconds:0} s, cached as {path})");
        return bytes;
    }

    private static void ManagedBatch(XGBoostModel model, float[] matrix, float[] output, int threads, int width)
    {
        var rows = output.Length;
        var chunk = (rows + threads - 1) / threads;
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            var start = t * chunk;
            var end = Math.Min(rows, start + chunk);
            model.PredictBatch(matrix.AsSpan(start * width, (end - start) * width), output.AsSpan(start, end - start));
        });
    }

    // The fastest of repeats runs (the managed side was warmed by the parity check).
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

    private static (double P50, double P99) Latency(Action<int> call, int samples)
    {
        for (var i = 0; i < samples / 10; i++)
        {
            call(i);
        }

        var times = new double[samples];
        for (var i = 0; i < samples; i++)
        {
            var t = Stopwatch.GetTimestamp();
            call(i);
            times[i] = Stopwatch.GetElapsedTime(t).TotalMicroseconds;
        }

        Array.Sort(times);
        return (times[samples / 2], times[(int)(samples * 0.99)]);
    }
}
