using LeanML.Runs;
using LeanML.Internal;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LeanML.Storage;

namespace LeanML.Training;

/// <summary>Browsing, comparing, re-running and promoting recorded runs.</summary>
public sealed partial class TrainingService
{
    /// <summary>Runs newest first (of one project or all) with the production run of each project.</summary>
    public async Task<(IReadOnlyList<TrainingRunRecord> Runs, IReadOnlySet<string> Production)> ListAsync(string? project, CancellationToken cancellationToken = default)
    {
        await using var state = await StateStore.OpenAsync(workspace, cancellationToken).ConfigureAwait(false);
        var store = new RunStore(state);
        var runs = await store.ListAsync(project, cancellationToken).ConfigureAwait(false);
        var production = (await store.PromotionsAsync(project, cancellationToken).ConfigureAwait(false))
            .GroupBy(p => p.Project).Select(g => g.First().RunId).ToHashSet(StringComparer.Ordinal);
        return (runs, production);
    }

    /// <summary>One run with its report, and every artifact checked against its recorded SHA-256.</summary>
    public async Task<RunDetails> ShowAsync(string runId, CancellationToken cancellationToken = default)
    {
        await using var state = await StateStore.OpenAsync(workspace, cancellationToken).ConfigureAwait(false);
        return await DetailsAsync(new RunStore(state), runId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Two runs side by side.</summary>
    public async Task<RunComparison> CompareAsync(string leftId, string rightId, CancellationToken cancellationToken = default)
    {
        await using var state = await StateStore.OpenAsync(workspace, cancellationToken).ConfigureAwait(false);
        var store = new RunStore(state);
        var left = await DetailsAsync(store, leftId, cancellationToken).ConfigureAwait(false);
        var right = await DetailsAsync(store, rightId, cancellationToken).ConfigureAwait(false);
        var values = new List<ComparedValue>();
        void Add(string section, string name, string? l, string? r) => values.Add(new ComparedValue(section, name, l, r, !string.Equals(l, r, StringComparison.Ordinal)));
        Dictionary<string, string> Params(TrainingParameters p) => new(p.Booster, StringComparer.Ordinal)
        {
            ["rounds"] = p.Rounds.ToString(CultureInfo.InvariantCulture),
            ["patience"] = p.Patience.ToString(CultureInfo.InvariantCulture),
        };
        var lp = Params(left.Report.Parameters);
        var rp = Params(right.Report.Parameters);
        foreach (var key in lp.Keys.Union(rp.Keys).Order(StringComparer.Ordinal))
        {
            Add("parameters", key, lp.GetValueOrDefault(key), rp.GetValueOrDefault(key));
        }

        Add("parameters", "run_seed", left.Report.Seed.ToString(CultureInfo.InvariantCulture), right.Report.Seed.ToString(CultureInfo.InvariantCulture));
        Add("parameters", "best_round", left.Report.BestRound.ToString(CultureInfo.InvariantCulture), right.Report.BestRound.ToString(CultureInfo.InvariantCulture));
        foreach (var set in new[] { "test", "business_baseline", "naive_baseline" })
        {
            var lm = left.Report.Metrics.GetValueOrDefault(set) ?? [];
            var rm = right.Report.Metrics.GetValueOrDefault(set) ?? [];
            foreach (var key in lm.Keys.Union(rm.Keys).Order(StringComparer.Ordinal))
            {
                Add("metrics", $"{set}.{key}", lm.TryGetValue(key, out var a) ? Format(a) : null, rm.TryGetValue(key, out var b) ? Format(b) : null);
            }
        }

        Add("metrics", "lift", Format(left.Report.Lift), Format(right.Report.Lift));
        Add("metrics", "lift_interval", Interval(left.Report.LiftLow, left.Report.LiftHigh), Interval(right.Report.LiftLow, right.Report.LiftHigh));
        Add("metrics", "bar_met", left.Report.BarMet ? "yes" : "no", right.Report.BarMet ? "yes" : "no");
        Add("metrics", "bar_certain", YesNo(left.Report.BarCertain), YesNo(right.Report.BarCertain));
        Add("metrics", "cv_mean", CvOf(left.Report, c => c.Mean), CvOf(right.Report, c => c.Mean));
        Add("metrics", "cv_std", CvOf(left.Report, c => c.Std), CvOf(right.Report, c => c.Std));
        Add("metrics", "decision.precision", left.Report.Decision is { } ld ? Format(ld.Precision) : null, right.Report.Decision is { } rd ? Format(rd.Precision) : null);
        Add("metrics", "decision.value", left.Report.Decision?.Value is { } lv ? Format(lv) : null, right.Report.Decision?.Value is { } rv ? Format(rv) : null);
        Add("metrics", "calibration.brier", left.Report.Calibration is { } lc ? Format(lc.Brier) : null, right.Report.Calibration is { } rc ? Format(rc.Brier) : null);
        Add("metrics", "calibration.ece", left.Report.Calibration is { } lc2 ? Format(lc2.Ece) : null, right.Report.Calibration is { } rc2 ? Format(rc2.Ece) : null);
        Add("data", "split", left.Report.Data.Split, right.Report.Data.Split);
        Add("data", "rows", left.Report.Data.Rows.ToString(CultureInfo.InvariantCulture), right.Report.Data.Rows.ToString(CultureInfo.InvariantCulture));
        Add("data", "features", string.Join(",", left.Report.Data.Features), string.Join(",", right.Report.Data.Features));
        Add("data", "fingerprint", left.Report.Data.Fingerprint[..16], right.Report.Data.Fingerprint[..16]);
        Add("brief", "hash", left.Report.BriefHash[..16], right.Report.BriefHash[..16]);

        var lb = await BriefTextAsync(left.Record, cancellationToken).ConfigureAwait(false);
        var rb = await BriefTextAsync(right.Record, cancellationToken).ConfigureAwait(false);
        return new RunComparison(left.Record.Id, right.Record.Id, values, LineDiff(lb, rb));
    }

    /// <summary>
    /// Makes a run its project's production model (its artifacts must be intact, and its bar met unless
    /// <paramref name="force"/>); the history keeps every promotion.
    /// </summary>
    public async Task<Promotion> PromoteAsync(string runId, string user, bool force = false, CancellationToken cancellationToken = default)
    {
        await using var state = await StateStore.OpenAsync(workspace, cancellationToken).ConfigureAwait(false);
        var store = new RunStore(state);
        var details = await DetailsAsync(store, runId, cancellationToken).ConfigureAwait(false);
        var broken = details.Artifacts.FirstOrDefault(a => a.Status != "ok");
        if (broken is not null)
        {
            throw new LeanMLInputException($"run {details.Record.Id} cannot be promoted: its artifact '{broken.Name}' is {broken.Status}. Restore .leanml/runs/{details.Record.Id}/ or train again.", field: "RUN");
        }

        if (!details.Record.BarMet && !force)
        {
            throw new LeanMLInputException(
                $"run {details.Record.Id} did not meet its project's bar, so it is not promoted: \"{details.Record.Verdict}\". " +
                "Train until the verdict says done, or pass --force to put it in production anyway.",
                field: "--force");
        }

        return await store.PromoteAsync(details.Record, user, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Re-creates a run's data from its recorded brief, compares the fingerprint, trains again with the same seed and
    /// parameters, and says whether the model and metrics reproduced (byte-identical model when the data is unchanged).
    /// </summary>
    public async Task<RerunReport> RerunAsync(string runId, Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        await using var state = await StateStore.OpenAsync(workspace, cancellationToken).ConfigureAwait(false);
        var store = new RunStore(state);
        var original = await store.GetAsync(runId, cancellationToken).ConfigureAwait(false);
        var oldReport = JsonSerializer.Deserialize(original.Details, JsonOptions.Info<TrainingRunReport>())!;
        var briefText = Encoding.UTF8.GetString(await RunArtifacts.ReadVerifiedAsync(workspace, original, BriefFile, cancellationToken).ConfigureAwait(false));
        var parameters = JsonSerializer.Deserialize(await RunArtifacts.ReadVerifiedAsync(workspace, original, ParamsFile, cancellationToken).ConfigureAwait(false), JsonOptions.Info<TrainingParameters>())!;
        var oldModel = await RunArtifacts.ReadVerifiedAsync(workspace, original, RunArtifacts.Model, cancellationToken).ConfigureAwait(false);
        // A run recorded before the split by id hash kept the seeded stratified shuffle (and may have no dataset.id):
        // its rerun splits the same way, so it reproduces byte for byte.
        var legacy = oldReport.Data.SplitMethod is null;
        var brief = ProjectBrief.Parse(original.Project, $".leanml/runs/{original.Id}/{BriefFile}", briefText, requireId: !legacy);

        var set = await ReadSetAsync(brief, cancellationToken).ConfigureAwait(false);
        var changes = new List<string>();
        var same = set.Fingerprint == original.Fingerprint;
        if (!same)
        {
            var old = oldReport.Data;
            if (old.Rows != set.Rows)
            {
                changes.Add($"rows: {old.Rows} then, {set.Rows} now ({set.Rows - old.Rows:+#;-#;0})");
            }

            var now = set.Features.Select(f => f.Name).ToList();
            var added = now.Except(old.Features, StringComparer.Ordinal).ToList();
            var removed = old.Features.Except(now, StringComparer.Ordinal).ToList();
            if (added.Count > 0)
            {
                changes.Add($"columns added: {string.Join(", ", added)}");
            }

            if (removed.Count > 0)
            {
                changes.Add($"columns removed: {string.Join(", ", removed)}");
            }

            if (changes.Count == 0)
            {
                changes.Add($"same {set.Rows} rows and {now.Count} columns, but values changed");
            }

            progress?.Invoke($"the data changed since run {original.Id}: {string.Join("; ", changes)}. Training anyway.");
        }

        var (report, model) = await TrainAndRecordAsync(state, brief, set, (int)original.Seed, _ => parameters, original.Id, progress, cancellationToken, legacySplitSeed: legacy ? (int)original.Seed : null).ConfigureAwait(false);
        var identical = model.AsSpan().SequenceEqual(oldModel);
        // Every metric the original recorded is compared (a run from before the intervals has none to compare).
        var metricsEqual = oldReport.Metrics.Count == report.Metrics.Count && oldReport.Metrics.All(kv =>
            report.Metrics.TryGetValue(kv.Key, out var m) && kv.Value.All(x => m.TryGetValue(x.Key, out var y) && (x.Value.Equals(y))));
        var reproduced = same && identical && metricsEqual;
        var summary = reproduced
            ? $"reproduced: run {report.RunId} re-ran {original.Id} on the same data (fingerprint {set.Fingerprint[..12]}) with a byte-identical model and equal metrics ({report.Metric} {Format(report.ModelValue)})."
            : !same
                ? $"the data changed ({string.Join("; ", changes)}), so run {report.RunId} is a new result: {report.Metric} {Format(report.ModelValue)} now, {Format(oldReport.ModelValue)} in {original.Id}."
                : $"not reproduced: the data is the same but the {(identical ? "metrics" : "model")} differ ({report.Metric} {Format(report.ModelValue)} now, {Format(oldReport.ModelValue)} in {original.Id}); check the library versions ({report.Environment.XGBoost} now, {oldReport.Environment.XGBoost} then).";
        return new RerunReport(original.Id, report, same, changes, identical, metricsEqual, reproduced, summary);
    }

    private async Task<RunDetails> DetailsAsync(RunStore store, string runId, CancellationToken cancellationToken)
    {
        var record = await store.GetAsync(runId, cancellationToken).ConfigureAwait(false);
        var report = JsonSerializer.Deserialize(record.Details, JsonOptions.Info<TrainingRunReport>())!;
        var checks = new List<ArtifactCheck>();
        foreach (var (name, sha) in record.Artifacts.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            var path = Path.Combine(RunArtifacts.RunDir(workspace, record.Id), name);
            var status = !File.Exists(path) ? "missing"
                : RunArtifacts.Sha256Hex(await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false)) == sha ? "ok" : "changed";
            checks.Add(new ArtifactCheck(name, status, sha));
        }

        var production = await store.ProductionRunIdAsync(record.Project, cancellationToken).ConfigureAwait(false);
        return new RunDetails(record, report, checks, production == record.Id);
    }

    private static string? Interval(double? low, double? high) => low is null || high is null ? null : $"{Format(low)}–{Format(high)}";

    private static string? YesNo(bool? value) => value is { } v ? (v ? "yes" : "no") : null;

    private static string? CvOf(TrainingRunReport report, Func<CrossValidationReport, SortedDictionary<string, double?>> pick) =>
        report.Cv is { } cv ? Format(pick(cv).GetValueOrDefault(report.Metric)) : null;

    private async Task<string> BriefTextAsync(TrainingRunRecord run, CancellationToken cancellationToken) =>
        Encoding.UTF8.GetString(await RunArtifacts.ReadVerifiedAsync(workspace, run, BriefFile, cancellationToken).ConfigureAwait(false));

    // A minimal line diff (longest common subsequence), enough for two short briefs.
    private static List<string> LineDiff(string a, string b)
    {
        var x = a.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        var y = b.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        var lcs = new int[x.Length + 1, y.Length + 1];
        for (var i = x.Length - 1; i >= 0; i--)
        {
            for (var j = y.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = x[i] == y[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var diff = new List<string>();
        int p = 0, q = 0;
        while (p < x.Length || q < y.Length)
        {
            if (p < x.Length && q < y.Length && x[p] == y[q])
            {
                p++;
                q++;
            }
            else if (q < y.Length && (p == x.Length || lcs[p, q + 1] >= lcs[p + 1, q]))
            {
                diff.Add("+ " + y[q++]);
            }
            else
            {
                diff.Add("- " + x[p++]);
            }
        }

        return diff;
    }
}
