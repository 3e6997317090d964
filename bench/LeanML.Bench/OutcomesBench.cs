using System.Diagnostics;
using System.Globalization;
using LeanML.Monitoring;

namespace LeanML.Bench;

/// <summary>
/// <c>outcomes</c>: live performance of N predictions (default 100,000; 70% with an outcome): the join by row id and
/// time, the realised AUC and accuracy, and CBPE (expected accuracy, expected AUC and its interval from 400 simulated
/// label draws), against the same work in pandas + numpy + scikit-learn on the same data. Options: --rows N.
/// </summary>
internal static class OutcomesBench
{
    private const string PythonReference = """
        import sys, time
        import numpy as np, pandas as pd
        from sklearn.metrics import roc_auc_score
        d = sys.argv[1]
        p = pd.read_csv(d + "/predictions.csv"); o = pd.read_csv(d + "/outcomes.csv")
        t0 = time.perf_counter(); c0 = time.process_time()
        m = p.merge(o, on="row_id", how="left")
        m = m[m.known_at.isna() | (m.known_at > m.predicted_at)]
        m = m.sort_values("known_at").groupby("prediction_id", as_index=False).first()
        lab = m[m.known_at.notna()]
        y = lab.label.to_numpy() == 1; s = lab.score.to_numpy()
        realised_auc = roc_auc_score(y, s); realised_acc = ((s >= 0.5) == y).mean()
        q = p.score.to_numpy(); n = len(q)
        r = np.where(q >= 0.5, q, 1 - q); cbpe_acc = r.mean()
        cbpe_auc = roc_auc_score(np.r_[np.ones(n), np.zeros(n)], np.r_[q, q], sample_weight=np.r_[q, 1 - q])
        rng = np.random.default_rng(0)
        draws = np.sort([roc_auc_score(rng.random(n) < q, q) for _ in range(400)])
        low, high = np.quantile(draws, [0.025, 0.975])
        print(f"VALUES labelled {len(lab)} realised_auc {realised_auc:.6f} realised_acc {realised_acc:.6f} cbpe_acc {cbpe_acc:.6f} cbpe_auc {cbpe_auc:.6f} auc_interval {low:.4f}-{high:.4f}")
        print(f"SECONDS compute {time.perf_counter() - t0:.3f} cpu {time.process_time() - c0:.3f}")
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var rows = BenchData.Option(args, "--rows", 100_000);
        var dir = Directory.CreateTempSubdirectory("leanml-bench-outcomes-").FullName;
        try
        {
            var start = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
            var random = new Random(1);
            var predictions = new List<LivePrediction>(rows);
            var outcomes = new List<OutcomeRecord>();
            await using (var pw = new StreamWriter(Path.Combine(dir, "predictions.csv")))
            await using (var ow = new StreamWriter(Path.Combine(dir, "outcomes.csv")))
            {
                await pw.WriteLineAsync("prediction_id,row_id,predicted_at,score");
                await ow.WriteLineAsync("row_id,label,known_at");
                for (var i = 0; i < rows; i++)
                {
                    var score = Math.Round(random.NextDouble(), 6);
                    var at = start.AddSeconds(i * 10);
                    predictions.Add(new LivePrediction("p" + i, "c" + i, at, score, "log", "run", null));
                    await pw.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"p{i},c{i},{at.ToUnixTimeSeconds()},{score:R}"));
                    if (random.NextDouble() < 0.7)
                    {
                        var label = random.NextDouble() < score;
                        var known = at.AddDays(1 + random.Next(20));
                        outcomes.Add(new OutcomeRecord("c" + i, label ? "1" : "0", known));
                        await ow.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"c{i},{(label ? 1 : 0)},{known.ToUnixTimeSeconds()}"));
                    }
                }
            }

            Console.WriteLine($"outcomes bench: {rows:N0} predictions, {outcomes.Count:N0} outcomes, CBPE with {Cbpe.Simulations} simulated label draws");
            var times = new List<double>();
            PerformanceFigures? realised = null, estimated = null;
            long labelled = 0;
            for (var run = 0; run < 3; run++)
            {
                var clock = Stopwatch.StartNew();
                var joined = OutcomeJoin.Join(predictions, outcomes, null, start.AddDays(60));
                var scores = new List<double>();
                var labels = new List<bool>();
                foreach (var j in joined)
                {
                    if (j.Status == OutcomeStatus.Labelled)
                    {
                        scores.Add(j.Prediction.Score);
                        labels.Add(j.Outcome!.Label == "1");
                    }
                }

                labelled = scores.Count;
                realised = RealisedPerformance.Binary(labels, scores);
                estimated = Cbpe.Estimate(predictions.Select(p => p.Score).ToList());
                times.Add(clock.Elapsed.TotalSeconds);
            }

            var c = CultureInfo.InvariantCulture;
            Console.WriteLine(string.Create(c, $"  LeanML VALUES labelled {labelled} realised_auc {realised!.Auc:0.000000} realised_acc {realised.Accuracy:0.000000} cbpe_acc {estimated!.Accuracy:0.000000} cbpe_auc {estimated.Auc:0.000000} auc_interval {estimated.AucLow:0.0000}-{estimated.AucHigh:0.0000}"));
            var script = Path.Combine(dir, "reference.py");
            await File.WriteAllTextAsync(script, PythonReference);
            var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, UseShellExecute = false };
            psi.ArgumentList.Add(script);
            psi.ArgumentList.Add(dir);
            using var python = Process.Start(psi)!;
            var output = await python.StandardOutput.ReadToEndAsync();
            await python.WaitForExitAsync();
            foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                Console.WriteLine("  python " + line);
            }

            var reference = output.Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).FirstOrDefault(p => p.Length >= 3 && p[0] == "SECONDS");
            var best = times.Min();
            Console.WriteLine(string.Create(c, $"LeanML: best of 3 {best:0.000} s (first {times[0]:0.000} s)"));
            if (reference is not null)
            {
                var seconds = double.Parse(reference[2], c);
                Console.WriteLine(string.Create(c, $"pandas + numpy + scikit-learn: {seconds:0.000} s (data in memory); ratio reference / LeanML = {seconds / best:0.0}x"));
            }

            return python.ExitCode;
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
