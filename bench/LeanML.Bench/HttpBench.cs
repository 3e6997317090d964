using System.Diagnostics;
using System.Text.RegularExpressions;
using LeanML.Features;
using LeanML.Scoring;
using LeanML.Server;
using LeanML.Storage;
using LeanML.Training;

namespace LeanML.Bench;

/// <summary>
/// wrk (2 threads, 64 connections, 15 s after a 5 s warm-up, keep-alive, one-row bodies) against
/// POST /v1/projects/churn/predict on a workspace whose production churn model is the Telco fixture, with the
/// prediction log on. Usage: http [SECONDS] [--no-log] [--runs N] (default 3 measured runs; the median is reported).
/// </summary>
internal static partial class HttpBench
{
    /// <summary>MLflow's FastAPI scoring server as published (ab, 10 concurrent, an identity model); not measurable here.</summary>
    private const double MlflowPublishedRps = 3345;

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = BenchData.Positional(args) ?? "15";
        var logOn = !args.Contains("--no-log");
        var runs = BenchData.Option(args, "--runs", 3);
        var dir = BenchData.Fixtures();
        var root = Path.Combine(Path.GetTempPath(), "leanml-bench-http-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        await File.WriteAllTextAsync(Path.Combine(root, "leanml.yaml"), "warehouse:\n  provider: sqlite\n");
        var workspace = LeanML.Workspace.Workspace.Open(root);
        var csv = File.ReadAllLines(Path.Combine(BenchData.Datasets, "telco-customer-churn", "Telco-Customer-Churn.csv")).Select(l => l.Split(',')).ToArray();
        var modelBytes = await File.ReadAllBytesAsync(Path.Combine(dir, "telco.model.json"));
        var schema = TelcoSchema(XGBoostModel.Load(modelBytes), csv);
        await PromoteAsync(workspace, modelBytes, schema);

        await using var app = await LeanMLServer.BuildAsync(workspace, "127.0.0.1", 0, new LeanML.Serving.ServingOptions { LogSampleRate = logOn ? 1.0 : 0.0 });
        await app.StartAsync();
        var url = app.Urls.First() + "/v1/projects/churn/predict";
        var row = string.Join(", ", schema.Features.Select(f =>
        {
            var v = csv[1][Array.IndexOf(csv[0], f.Name)];
            return f.Kind == FeatureKind.Number ? $"\\\"{f.Name}\\\": {v}" : $"\\\"{f.Name}\\\": \\\"{v}\\\"";
        }));
        var script = Path.Combine(root, "post.lua");
        await File.WriteAllTextAsync(script, $"wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\nwrk.body = \"{{\\\"rows\\\": [{{{row}}}]}}\"\n");

        // A 5 s warm-up first, not counted: the JIT's tiering and the thread pool settle, as on a server that has been up
        // for more than a few seconds.
        var warmUp = await WrkAsync("5", url, script);
        Console.WriteLine($"warm-up (not counted): {RequestsPerSecond().Match(warmUp).Groups[1].Value} req/s");
        // Identical runs here differ by up to 1.5 ms in p99, so the measured part is repeated and the median run (by
        // requests/s) is the figure.
        var (gen0, gen1, gen2, paused, allocated) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes());
        var outputs = new List<(double Rps, string Output)>();
        for (var i = 0; i < runs; i++)
        {
            var run = await WrkAsync(seconds, url, script);
            var runRps = double.Parse(RequestsPerSecond().Match(run).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            outputs.Add((runRps, run));
            Console.WriteLine($"run {i + 1}: {runRps:N0} req/s, p50 {Percentile(run, "50")}, p99 {Percentile(run, "99")}");
        }

        // Each figure is the median of the runs' figures (a run with the median rate need not have the median p99).
        var output = outputs.OrderBy(o => o.Rps).ElementAt(runs / 2).Output;
        Console.WriteLine(output);
        var rps = outputs.Select(o => o.Rps).Order().ElementAt(runs / 2);
        string MedianLatency(string p) => outputs.Select(o => Percentile(o.Output, p)).OrderBy(Milliseconds).ElementAt(runs / 2);
        Console.WriteLine($"GC during the measured runs: {GC.CollectionCount(0) - gen0} gen0, {GC.CollectionCount(1) - gen1} gen1, {GC.CollectionCount(2) - gen2} gen2 collections; " +
            $"paused {(GC.GetTotalPauseDuration() - paused).TotalMilliseconds:0} ms in all; {(GC.GetTotalAllocatedBytes() - allocated) / outputs.Sum(o => o.Rps * double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture)):N0} bytes allocated per request");

        // The same server's GET /healthz: the ceiling of Kestrel + wrk on this machine at this moment (the box is shared).
        var ceiling = await WrkAsync(seconds, app.Urls.First() + "/healthz", null);
        var ceilingRps = double.Parse(RequestsPerSecond().Match(ceiling).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

        var state = (ServingState)app.Services.GetService(typeof(ServingState))!;
        await app.StopAsync();
        var non2xx = outputs.Sum(o => Non2xx().Match(o.Output) is { Success: true } m ? long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0);
        Console.WriteLine($"http: LeanML median of {runs} runs {rps:N0} req/s (p50 {MedianLatency("50")}, p99 {MedianLatency("99")}, non-2xx {non2xx} in all, prediction log {(logOn ? "on" : "off")}); " +
            $"predictions logged {state.Log.Logged:N0} (warm-up included), dropped {state.Log.Dropped:N0}");
        Console.WriteLine($"ceiling: GET /healthz on the same server {ceilingRps:N0} req/s (p99 {Percentile(ceiling, "99")}); predict reaches {rps / ceilingRps:P0} of it");
        Console.WriteLine($"reference: MLflow scoring server published {MlflowPublishedRps:N0} req/s (not measured here: no MLflow install); ratio {rps / MlflowPublishedRps:0.0}x");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(root, recursive: true);
        return 0;
    }

    private static async Task<string> WrkAsync(string seconds, string url, string? script)
    {
        var psi = new ProcessStartInfo("wrk") { RedirectStandardOutput = true };
        foreach (var a in new[] { "-t2", "-c64", $"-d{seconds}s", "--latency" })
        {
            psi.ArgumentList.Add(a);
        }

        if (script is not null)
        {
            psi.ArgumentList.Add("-s");
            psi.ArgumentList.Add(script);
        }

        psi.ArgumentList.Add(url);
        using var wrk = Process.Start(psi)!;
        var output = await wrk.StandardOutput.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        return output;
    }

    // wrk prints latencies as e.g. 812.00us, 1.71ms or 1.02s.
    private static double Milliseconds(string latency) =>
        latency.EndsWith("us", StringComparison.Ordinal) ? double.Parse(latency[..^2], System.Globalization.CultureInfo.InvariantCulture) / 1000
        : latency.EndsWith("ms", StringComparison.Ordinal) ? double.Parse(latency[..^2], System.Globalization.CultureInfo.InvariantCulture)
        : latency.EndsWith('s') ? double.Parse(latency[..^1], System.Globalization.CultureInfo.InvariantCulture) * 1000
        : double.NaN;

    private static string Percentile(string output, string p) =>
        Regex.Match(output, $@"^\s+{p}%\s+(\S+)", RegexOptions.Multiline) is { Success: true } m ? m.Groups[1].Value : "?";

    private static FeatureSchema TelcoSchema(XGBoostModel model, string[][] csv)
    {
        var features = model.FeatureNames.Select((name, i) =>
        {
            var col = Array.IndexOf(csv[0], name);
            var values = csv.Skip(1).Select(r => r[col]).ToArray();
            var missing = values.Any(string.IsNullOrWhiteSpace);
            return model.FeatureTypes[i] == "c"
                ? new FeatureSpec(name, FeatureKind.Category, [.. values.Where(v => !string.IsNullOrWhiteSpace(v)).Distinct().Order(StringComparer.Ordinal)], missing)
                : new FeatureSpec(name, FeatureKind.Number, null, missing);
        }).ToArray();
        return new FeatureSchema("binary", "customerID", "Churn", ["No", "Yes"], features);
    }

    private static async Task PromoteAsync(LeanML.Workspace.Workspace workspace, byte[] model, FeatureSchema schema)
    {
        const string RunId = "01BENCHHTTP0000000000000000";
        var dir = RunArtifacts.RunDir(workspace, RunId);
        var m = await RunArtifacts.WriteAsync(dir, RunArtifacts.Model, model);
        var s = await RunArtifacts.WriteAsync(dir, RunArtifacts.Schema, System.Text.Encoding.UTF8.GetBytes(schema.ToJson()));
        await using var warehouse = await Warehouse.OpenAsync(workspace);
        var runs = new RunStore(warehouse);
        var run = new TrainingRunRecord(RunId, "churn", DateTimeOffset.UtcNow, "binary", "auc", null, null, null, true, "bench", 1, "bench",
            new Dictionary<string, string> { [RunArtifacts.Model] = m, [RunArtifacts.Schema] = s }, "{}");
        await runs.InsertAsync(run);
        await runs.PromoteAsync(run, "bench");
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex Non2xx();
}
