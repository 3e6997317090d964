using System.Diagnostics;
using LeanML.Scoring;

namespace LeanML.Bench;

/// <summary>
/// The managed evaluator against libxgboost 1.7 (XGBoosterPredictFromDense, in place) on the same model and rows:
/// batch rows/s at 1 and 2 threads, and single-row latency p50/p99.
/// </summary>
internal static class EvaluatorBench
{
    public static Task<int> RunAsync(string[] args)
    {
        var dir = BenchData.Fixtures();
        foreach (var name in args.Length > 0 ? args : ["telco", "bank"])
        {
            Run(dir, name);
        }

        return Task.FromResult(0);
    }

    private static void Run(string dir, string name)
    {
        var bytes = File.ReadAllBytes(Path.Combine(dir, name + ".model.json"));
        var model = XGBoostModel.Load(bytes);
        var rows = BenchData.Rows(dir, name);
        var width = model.FeatureCount;
        const int BatchRows = 200_000;
        var matrix = new float[BatchRows * width];
        for (var i = 0; i < BatchRows; i++)
        {
            rows[i % rows.Length].CopyTo(matrix, i * width);
        }

        Console.WriteLine($"evaluator: {name} model, {model.TreeCount} trees, {width} features, {rows.Length} distinct rows");
        var managedOut = new float[BatchRows];

        // Parity on the batch first: a fast wrong answer is no answer.
        using (var check = new NativeXGBoost(bytes, 1))
        {
            var native = check.Predict(matrix.AsSpan(0, rows.Length * width), rows.Length, width).ToArray();
            model.PredictBatch(matrix.AsSpan(0, rows.Length * width), managedOut);
            var diff = native.Where((v, i) => BitConverter.SingleToInt32Bits(v) != BitConverter.SingleToInt32Bits(managedOut[i])).Count();
            Console.WriteLine($"  parity: {diff} of {rows.Length} rows differ from libxgboost (bitwise)");
        }

        foreach (var threads in new[] { 1, 2 })
        {
            var managed = Best(() => ManagedBatch(model, matrix, managedOut, threads, width));
            using var native = new NativeXGBoost(bytes, threads);
            var reference = Best(() => { _ = native.Predict(matrix, BatchRows, width); });
            var m = BatchRows / managed;
            var r = BatchRows / reference;
            Console.WriteLine($"  batch {threads} thread{(threads > 1 ? "s" : " ")}: LeanML {m,12:N0} rows/s   libxgboost {r,12:N0} rows/s   ratio {m / r:0.00}x");
        }

        var single = new float[1];
        var (mp50, mp99) = Latency(i => model.Predict(rows[i % rows.Length], single));
        using (var native = new NativeXGBoost(bytes, 1))
        {
            var (rp50, rp99) = Latency(i => { _ = native.Predict(rows[i % rows.Length], 1, width); });
            Console.WriteLine($"  single row: LeanML p50 {mp50:0.00} us p99 {mp99:0.00} us   libxgboost in-place p50 {rp50:0.00} us p99 {rp99:0.00} us   ratio (p50) {rp50 / mp50:0.0}x faster");
        }
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

    private static double Best(Action action)
    {
        action();
        var best = double.MaxValue;
        for (var i = 0; i < 5; i++)
        {
            var sw = Stopwatch.StartNew();
            action();
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }

        return best;
    }

    private static (double P50, double P99) Latency(Action<int> call)
    {
        const int N = 200_000;
        for (var i = 0; i < 20_000; i++)
        {
            call(i);
        }

        var samples = new double[N];
        for (var i = 0; i < N; i++)
        {
            var t = Stopwatch.GetTimestamp();
            call(i);
            samples[i] = Stopwatch.GetElapsedTime(t).TotalMicroseconds;
        }

        Array.Sort(samples);
        return (samples[N / 2], samples[(int)(N * 0.99)]);
    }
}
