using System.Globalization;
using System.Text;
using LeanML.Storage;
using static LeanML.Experiments.DbValues;

namespace LeanML.Experiments;

/// <summary>
/// Turns an experiment's assignments and events into its analysis. The warehouse does the aggregation in one
/// SQL statement (one pass over the events of the assigned units: per unit, then per variant); C# only combines
/// a few sums per variant and metric into the statistics and the decision.
/// </summary>
public static class ExperimentAnalyzer
{
    /// <summary>Aggregates the experiment's data in the warehouse and analyses it.</summary>
    public static async Task<ExperimentAnalysis> AnalyzeAsync(Database warehouse, ExperimentDefinition definition, ExperimentRecord record, CancellationToken cancellationToken = default)
    {
        var start = definition.Start ?? record.CreatedAt;
        var end = record.StoppedAt;
        var preStart = definition.Cuped ? start.AddDays(-definition.PreDays) : (DateTimeOffset?)null;
        var (sums, unknown) = await AggregateAsync(warehouse, definition, start, end, preStart, cancellationToken).ConfigureAwait(false);
        var notes = new List<string>();
        if (unknown.Count > 0)
        {
            notes.Add($"units assigned to variant(s) no longer in the file were left out: {string.Join(", ", unknown.Select(u => $"{u.Key} ({u.Value})"))}.");
        }

        return Analyze(definition, sums, start, end, preStart, notes);
    }

    /// <summary>Below this many assigned units the aggregation runs as one statement on one connection.</summary>
    public const int PartitionThreshold = 200_000;

    /// <summary>
    /// Sums per variant and metric, in one statement: per assigned unit, its events in the period (covering index
    /// on unit, name, time, value), then per variant the count, sums, sums of squares and cross products.
    /// On SQLite with many units the unit range is split into one slice per core, each slice summed by the same
    /// statement on its own read connection (WAL readers run in parallel); the slices' sums are simply added.
    /// </summary>
    public static async Task<(IReadOnlyDictionary<string, MomentSums[]> Sums, IReadOnlyDictionary<string, long> Unknown)> AggregateAsync(
        Database warehouse, ExperimentDefinition definition, DateTimeOffset start, DateTimeOffset? end, DateTimeOffset? preStart, CancellationToken cancellationToken = default, int partitionThreshold = PartitionThreshold)
    {
        var d = warehouse.Engine;
        var events = definition.Metrics.SelectMany(m => m.Events).Distinct(StringComparer.Ordinal).ToList();
        var cuped = preStart is not null;

        // Only the per-unit columns some metric reads: post count/sum, and pre count/sum for CUPED.
        var needed = new SortedSet<string>(StringComparer.Ordinal);
        var perMetric = new StringBuilder();
        var perVariant = new StringBuilder();
        for (var j = 0; j < definition.Metrics.Count; j++)
        {
            var m = definition.Metrics[j];
            string y, x;
            if (m.Defined is not null)
            {
                // Filled in below from the metric's own table.
                y = "0";
                x = "0";
            }
            else if (m.Kind == MetricKind.Ratio)
            {
                y = $"s{events.IndexOf(m.Numerator!)}";
                x = $"s{events.IndexOf(m.Denominator!)}";
                needed.Add(y);
                needed.Add(x);
            }
            else
            {
                var k = events.IndexOf(m.Event!);
                var proportion = m.Kind == MetricKind.Proportion;
                needed.Add(proportion ? $"c{k}" : $"s{k}");
                y = proportion ? $"CASE WHEN c{k} > 0 THEN 1 ELSE 0 END" : $"s{k}";
                x = "0";
                if (cuped)
                {
                    needed.Add(proportion ? $"pc{k}" : $"ps{k}");
                    x = proportion ? $"CASE WHEN pc{k} > 0 THEN 1 ELSE 0 END" : $"ps{k}";
                }
            }

            perMetric.Append(CultureInfo.InvariantCulture, $", {y} AS y{j}, {x} AS x{j}");
            perVariant.Append(CultureInfo.InvariantCulture, $", SUM(y{j}), SUM(y{j} * y{j}), SUM(x{j}), SUM(x{j} * x{j}), SUM(x{j} * y{j})");
        }

        var perUnit = new StringBuilder();
        foreach (var column in needed)
        {
            var pre = column.StartsWith('p');
            var k = int.Parse(column.AsSpan(pre ? 2 : 1), CultureInfo.InvariantCulture);
            var what = column[pre ? 1 : 0] == 'c' ? "1" : "e.value";
            perUnit.Append(CultureInfo.InvariantCulture, $", SUM(CASE WHEN e.name = @e{k} AND e.time_ms {(pre ? "<" : ">=")} @start THEN {what} ELSE 0 END) AS {column}");
        }

        // SQLite: one index seek per unit over the byte-ordered range of the names (the CASEs pick the names), rather than
        // one seek per name; PostgreSQL compares text by its collation, so it gets the plain IN list.
        var byBytes = events.OrderBy(e => e, Utf8Order.Instance).ToList();
        var nameFilter = events.Count == 0 ? "1 = 0"
            : d.ComparesTextAsBytes ? "e.name BETWEEN @first AND @last" : $"e.name IN ({string.Join(", ", events.Select((_, k) => $"@e{k}"))})";
        string Sql(bool lower, bool upper) => $"""
            SELECT variant, COUNT(*){perVariant}
            FROM (
              SELECT variant{perMetric}
              FROM (
                SELECT MAX(a.variant) AS variant{perUnit}
                FROM {d.Meta("assignments")} a
                LEFT JOIN {d.Meta("events")} e
                  ON e.unit = a.unit AND {nameFilter} AND e.time_ms >= @from AND e.time_ms < @end
                WHERE a.experiment = @exp{(lower ? " AND a.unit >= @lo" : "")}{(upper ? " AND a.unit < @hi" : "")}
                GROUP BY a.experiment, a.unit
              ) u
            ) m
            GROUP BY variant
            """;

        void Bind(System.Data.Common.DbCommand cmd)
        {
            for (var k = 0; k < events.Count; k++)
            {
                cmd.Bind($"@e{k}", events[k]);
            }

            if (d.ComparesTextAsBytes && events.Count > 0)
            {
                cmd.Bind("@first", byBytes[0]);
                cmd.Bind("@last", byBytes[^1]);
            }

            cmd.Bind("@start", Ms(start));
            cmd.Bind("@from", Ms(preStart ?? start));
            cmd.Bind("@end", end is null ? long.MaxValue : Ms(end.Value));
            cmd.Bind("@exp", definition.Name);
            cmd.CommandTimeout = 0;
        }

        async Task<List<(string Variant, long N, double[] Sums)>> RunAsync(Database w, string? lo, string? hi)
        {
            if (w.Engine.LongScanSetup is { } setup)
            {
                await using var pragma = w.Command(setup);
                await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using var cmd = w.Command(Sql(lo is not null, hi is not null));
            Bind(cmd);
            if (lo is not null)
            {
                cmd.Bind("@lo", lo);
            }

            if (hi is not null)
            {
                cmd.Bind("@hi", hi);
            }

            var rows = new List<(string, long, double[])>();
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var sums = new double[5 * definition.Metrics.Count];
                for (var c = 0; c < sums.Length; c++)
                {
                    sums[c] = Double(reader.GetValue(2 + c));
                }

                rows.Add((reader.GetString(0), Long(reader.GetValue(1)), sums));
            }

            return rows;
        }

        var bounds = await PartitionBoundsAsync(warehouse, definition.Name, partitionThreshold, cancellationToken).ConfigureAwait(false);
        List<(string Variant, long N, double[] Sums)> all;
        if (bounds.Count == 0)
        {
            all = await RunAsync(warehouse, null, null).ConfigureAwait(false);
        }
        else
        {
            var slices = new List<Task<List<(string, long, double[])>>>();
            for (var i = 0; i <= bounds.Count; i++)
            {
                var lo = i == 0 ? null : bounds[i - 1];
                var hi = i == bounds.Count ? null : bounds[i];
                slices.Add(Task.Run(async () =>
                {
                    await using var sibling = await warehouse.OpenSiblingAsync(cancellationToken).ConfigureAwait(false);
                    return await RunAsync(sibling, lo, hi).ConfigureAwait(false);
                }, cancellationToken));
            }

            all = (await Task.WhenAll(slices).ConfigureAwait(false)).SelectMany(r => r).ToList();
        }

        // Metrics defined in metrics/*.yaml: their per-unit sums come from their own table, one statement each.
        for (var j = 0; j < definition.Metrics.Count; j++)
        {
            if (definition.Metrics[j].Defined is not { } defined)
            {
                continue;
            }

            var unitSums = await LeanML.Metrics.MetricCalculator.UnitSumsAsync(warehouse, defined, definition.Name, start, end, preStart, cancellationToken).ConfigureAwait(false);
            foreach (var (variant, _, sums) in all)
            {
                // Sliced scans give a variant several rows: the defined metric's sums go to the first, zeros elsewhere.
                Array.Clear(sums, 5 * j, 5);
            }

            foreach (var (variant, u) in unitSums)
            {
                var row = all.FindIndex(r => r.Variant == variant);
                if (row < 0)
                {
                    all.Add((variant, u.N, new double[5 * definition.Metrics.Count]));
                    row = all.Count - 1;
                }

                var target = all[row].Sums;
                (target[5 * j], target[(5 * j) + 1], target[(5 * j) + 2], target[(5 * j) + 3], target[(5 * j) + 4]) = (u.Y, u.YY, u.X, u.XX, u.XY);
            }
        }

        var known = definition.Variants.Select(v => v.Name).ToHashSet(StringComparer.Ordinal);
        var totals = new Dictionary<string, (long N, double[] Sums)>(StringComparer.Ordinal);
        foreach (var (variant, n, sums) in all)
        {
            if (totals.TryGetValue(variant, out var t))
            {
                for (var c = 0; c < sums.Length; c++)
                {
                    t.Sums[c] += sums[c];
                }

                totals[variant] = (t.N + n, t.Sums);
            }
            else
            {
                totals[variant] = (n, sums);
            }
        }

        var result = new Dictionary<string, MomentSums[]>(StringComparer.Ordinal);
        var unknown = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (variant, (n, s)) in totals)
        {
            if (!known.Contains(variant))
            {
                unknown[variant] = n;
                continue;
            }

            result[variant] = Enumerable.Range(0, definition.Metrics.Count)
                .Select(j => new MomentSums(n, s[5 * j], s[(5 * j) + 1], s[(5 * j) + 2], s[(5 * j) + 3], s[(5 * j) + 4]))
                .ToArray();
        }

        return (result, unknown);
    }

    /// <summary>Units splitting the experiment into one slice per core (SQLite, many units), or none.</summary>
    private static async Task<List<string>> PartitionBoundsAsync(Database warehouse, string experiment, int threshold, CancellationToken cancellationToken)
    {
        var bounds = new List<string>();
        var slices = Math.Min(Environment.ProcessorCount, 8);
        if (!warehouse.Engine.SplitsScansAcrossConnections || slices < 2)
        {
            return bounds;
        }

        var table = warehouse.Engine.Meta("assignments");
        await using var count = warehouse.Command($"SELECT COUNT(*) FROM {table} WHERE experiment = @exp");
        count.Bind("@exp", experiment);
        var units = Long((await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!);
        if (units < threshold)
        {
            return bounds;
        }

        await using var at = warehouse.Command($"SELECT unit FROM {table} WHERE experiment = @exp ORDER BY unit LIMIT 1 OFFSET @offset");
        at.Bind("@exp", experiment);
        var offset = AddSlot(at, "@offset");
        for (var i = 1; i < slices; i++)
        {
            offset.Value = units * i / slices;
            if (await at.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string unit && (bounds.Count == 0 || unit != bounds[^1]))
            {
                bounds.Add(unit);
            }
        }

        return bounds;
    }

    /// <summary>The statistics and the decision from the per-variant sums (one <see cref="MomentSums"/> per metric, in file order).</summary>
    public static ExperimentAnalysis Analyze(ExperimentDefinition definition, IReadOnlyDictionary<string, MomentSums[]> sums, DateTimeOffset start, DateTimeOffset? end, DateTimeOffset? preStart, List<string>? notes = null)
    {
        notes ??= [];
        var variants = definition.Variants;
        var empty = new MomentSums[definition.Metrics.Count];
        MomentSums[] Of(string v) => sums.TryGetValue(v, out var s) ? s : empty;
        var counts = variants.Select(v => Of(v.Name).Length == 0 ? 0 : Of(v.Name)[0].N).ToList();
        var srm = ExperimentStatistics.SampleRatio(variants.Select(v => v.Name).ToList(), counts, definition.Weights);

        var order = new List<string> { definition.Primary };
        order.AddRange(definition.Guardrails);
        order.AddRange(definition.Metrics.Select(m => m.Name).Where(n => !order.Contains(n)));
        var results = new List<MetricResult>();
        var plannedVariances = new Dictionary<string, (double Control, double Treatment)>(StringComparer.Ordinal);
        foreach (var name in order)
        {
            var j = definition.Metrics.ToList().FindIndex(m => m.Name == name);
            var metric = definition.Metrics[j];
            var role = name == definition.Primary ? "primary" : definition.Guardrails.Contains(name) ? "guardrail" : "secondary";
            var result = AnalyzeMetric(definition, metric, role, variants.Select(v => Of(v.Name)[j]).ToList(), preStart is not null, plannedVariances);
            results.Add(result);
        }

        if (preStart is not null && results.Any(r => r.Kind == MetricKind.Ratio))
        {
            notes.Add("CUPED applies to proportion and mean metrics; ratio metrics are compared unadjusted.");
        }

        var (decision, sentence, chosen, additional) = Decide(definition, srm, results, counts, plannedVariances);
        return new ExperimentAnalysis(definition.Name, decision, sentence, chosen, additional, start, end, preStart, definition.Alpha, srm, results, notes);
    }

    private static MetricResult AnalyzeMetric(ExperimentDefinition definition, ExperimentMetric metric, string role, IReadOnlyList<MomentSums> sums, bool cupedOn, Dictionary<string, (double, double)> plannedVariances)
    {
        var ratio = metric.Kind == MetricKind.Ratio;
        var cuped = cupedOn && !ratio;
        var arms = sums.Select(s => ratio ? ExperimentStatistics.Ratio(s) : ExperimentStatistics.Moments(s)).ToList();
        var variantResults = definition.Variants.Select((v, i) => new VariantResult(v.Name, arms[i].Units, arms[i].Mean, arms[i].Variance)).ToList();
        var comparisons = new List<ComparisonResult>();
        for (var i = 1; i < arms.Count; i++)
        {
            var control = arms[0];
            var treatment = arms[i];
            double? theta = null, reduction = null;
            if (cuped)
            {
                var t = ExperimentStatistics.Theta(sums[0], sums[i]);
                var n = (double)(sums[0].N + sums[i].N);
                var pooledX = n == 0 ? 0 : (sums[0].X + sums[i].X) / n;
                var rawSe2 = (control.Units == 0 ? 0 : control.Variance / control.Units) + (treatment.Units == 0 ? 0 : treatment.Variance / treatment.Units);
                control = ExperimentStatistics.CupedAdjust(sums[0], t, pooledX);
                treatment = ExperimentStatistics.CupedAdjust(sums[i], t, pooledX);
                var adjSe2 = (control.Units == 0 ? 0 : control.Variance / control.Units) + (treatment.Units == 0 ? 0 : treatment.Variance / treatment.Units);
                theta = t;
                reduction = rawSe2 > 0 ? 1 - (adjSe2 / rawSe2) : 0;
            }

            if (role == "primary")
            {
                plannedVariances[definition.Variants[i].Name] = (control.Variance, treatment.Variance);
            }

            var welch = ExperimentStatistics.Welch(control, treatment, definition.Alpha, out var problem);
            var lift = treatment.Mean - control.Mean;
            var better = metric.Direction == MetricDirection.Increase ? lift > 0 : lift < 0;
            GuardrailVerdict? verdict = role == "guardrail" ? Guardrail(metric, lift, welch, definition.Alpha) : null;
            comparisons.Add(new ComparisonResult(
                definition.Variants[i].Name, lift, welch?.LiftLow, welch?.LiftHigh,
                welch?.RelativeLift ?? (control.Mean != 0 ? (treatment.Mean / control.Mean) - 1 : null), welch?.RelativeLow, welch?.RelativeHigh,
                welch?.PValue, welch?.PValue, welch?.DegreesOfFreedom, welch is not null && welch.PValue < definition.Alpha, better, theta, reduction, verdict, problem));
        }

        if (role == "primary" && comparisons.Count > 1)
        {
            // Holm–Bonferroni over the primary metric's comparisons (several treatments against one control).
            var tested = comparisons.Select((c, i) => (c, i)).Where(x => x.c.PValue is not null).ToList();
            var adjusted = ExperimentStatistics.Holm(tested.Select(x => x.c.PValue!.Value).ToList());
            for (var k = 0; k < tested.Count; k++)
            {
                comparisons[tested[k].i] = tested[k].c with { AdjustedPValue = adjusted[k], Significant = adjusted[k] < definition.Alpha };
            }
        }

        return new MetricResult(metric.Name, metric.Kind, role, metric.Direction, metric.Margin, cuped, variantResults, comparisons);
    }

    /// <summary>
    /// Non-inferiority in the metric's direction: passed when the one-sided 1 − alpha bound of the worsening is
    /// below the margin; breached when the worsening is beyond the margin and significantly above zero.
    /// </summary>
    private static GuardrailVerdict Guardrail(ExperimentMetric metric, double lift, WelchComparison? welch, double alpha)
    {
        var margin = metric.Margin ?? 0;
        var worse = metric.Direction == MetricDirection.Decrease ? lift : -lift;
        if (welch is null)
        {
            return worse > margin ? GuardrailVerdict.Breached : GuardrailVerdict.Passed;
        }

        var q = ExperimentStatistics.OneSidedQuantile(alpha, welch.DegreesOfFreedom);
        if (worse > margin && worse - (q * welch.StandardError) > 0)
        {
            return GuardrailVerdict.Breached;
        }

        return worse + (q * welch.StandardError) < margin ? GuardrailVerdict.Passed : GuardrailVerdict.Inconclusive;
    }

    private static (ExperimentDecision, string, string?, long?) Decide(ExperimentDefinition definition, SrmCheck srm, List<MetricResult> results, List<long> counts, Dictionary<string, (double Control, double Treatment)> plannedVariances)
    {
        var variants = definition.Variants;
        if (srm.Flagged)
        {
            var observed = string.Join(", ", variants.Select(v => $"{v.Name} {srm.Observed[v.Name]:N0}"));
            var weights = string.Join("/", variants.Select(v => Num(v.Weight)));
            return (ExperimentDecision.SampleRatioMismatch,
                $"do not trust these results: the assignment counts ({observed}) do not match the weights {weights} (sample ratio mismatch, chi-square {P(srm.PValue)}); find why units were lost or added before reading any metric.",
                null, null);
        }

        var smallest = Enumerable.Range(0, variants.Count).MinBy(i => counts[i]);
        if (counts[smallest] < ExperimentAnalysis.MinimumUnitsPerVariant)
        {
            return (ExperimentDecision.NotEnoughData,
                $"not enough data: {variants[smallest].Name} has {counts[smallest]:N0} unit(s); every variant needs at least {ExperimentAnalysis.MinimumUnitsPerVariant} before LeanML gives an answer ({ExperimentAnalysis.MinimumUnitsPerVariant - counts[smallest]:N0} more).",
                variants[smallest].Name, ExperimentAnalysis.MinimumUnitsPerVariant - counts[smallest]);
        }

        var primary = results[0];
        var guardrails = results.Where(r => r.Role == "guardrail").ToList();
        List<MetricResult> Breached(string variant) => guardrails.Where(g => g.Comparisons.First(c => c.Variant == variant).Guardrail == GuardrailVerdict.Breached).ToList();

        var winners = primary.Comparisons.Where(c => c.Significant && c.Better).OrderByDescending(c => Math.Abs(c.Lift)).ToList();
        var cleanWinner = winners.FirstOrDefault(c => Breached(c.Variant).Count == 0);
        if (cleanWinner is not null)
        {
            var pending = guardrails.Where(g => g.Comparisons.First(c => c.Variant == cleanWinner.Variant).Guardrail == GuardrailVerdict.Inconclusive).Select(g => g.Metric).ToList();
            var tail = guardrails.Count == 0 ? "."
                : pending.Count == 0 ? ", and no guardrail got worse beyond its margin."
                : $", and no guardrail was breached (not yet shown within margin: {string.Join(", ", pending)}).";
            return (ExperimentDecision.Ship, $"ship {cleanWinner.Variant}: {Describe(primary, cleanWinner, definition)}{tail}", cleanWinner.Variant, null);
        }

        foreach (var c in primary.Comparisons)
        {
            var breached = Breached(c.Variant);
            if (breached.Count > 0)
            {
                var g = breached[0];
                var gc = g.Comparisons.First(x => x.Variant == c.Variant);
                return (ExperimentDecision.DoNotShip,
                    $"do not ship {c.Variant}: the guardrail {g.Metric} got worse beyond its margin of {Num(g.Margin ?? 0)} ({Describe(g, gc, definition)}).",
                    c.Variant, null);
            }
        }

        var losers = primary.Comparisons.Where(c => c.Significant && !c.Better).ToList();
        if (losers.Count == primary.Comparisons.Count)
        {
            var c = losers[0];
            return (ExperimentDecision.DoNotShip, $"do not ship {c.Variant}: {primary.Metric} got significantly worse ({Describe(primary, c, definition)}).", c.Variant, null);
        }

        // Not significant either way: how many more units would reach the stated power for the stated mde?
        var open = primary.Comparisons.Where(c => !c.Significant).ToList();
        var summary = string.Join("; ", open.Select(c => $"{c.Variant} {Signed(c.Lift)}{(c.PValue is null ? $" ({c.Note})" : $", {P(c.AdjustedPValue!.Value)}")}"));
        if (definition.Mde is not { } mde)
        {
            return (ExperimentDecision.KeepRunning,
                $"keep running: no significant difference on {primary.Metric} yet ({summary}); set 'mde:' in the experiment file to learn how many more units are needed.",
                null, null);
        }

        long additional = 0;
        var planned = false;
        var planningAlpha = definition.Alpha / Math.Max(1, variants.Count - 1);
        foreach (var c in open)
        {
            var i = variants.ToList().FindIndex(v => v.Name == c.Variant);
            var (vc, vt) = plannedVariances[c.Variant];
            if (vc + vt <= 0)
            {
                continue;
            }

            planned = true;
            var total = ExperimentStatistics.TotalUnitsForPower(mde, planningAlpha, definition.Power, vc, vt, variants[0].Weight, variants[i].Weight);
            additional = Math.Max(additional, (long)Math.Ceiling((variants[0].Weight * total) - counts[0]));
            additional = Math.Max(additional, (long)Math.Ceiling((variants[i].Weight * total) - counts[i]));
        }

        if (!planned)
        {
            return (ExperimentDecision.KeepRunning,
                $"keep running: {primary.Metric} does not vary yet ({summary}), so the units needed cannot be estimated; check that its events are arriving.",
                null, null);
        }

        if (additional <= 0)
        {
            return (ExperimentDecision.DoNotShip,
                $"do not ship: no significant difference on {primary.Metric} ({summary}), although the test already has the units for {Num(definition.Power * 100)}% power to detect {Num(mde)}; any effect is smaller than that.",
                null, null);
        }

        return (ExperimentDecision.KeepRunning,
            $"keep running: no significant difference on {primary.Metric} yet ({summary}); about {additional:N0} more units per variant are needed for {Num(definition.Power * 100)}% power to detect {Num(mde)}.",
            null, additional);
    }

    private static string Describe(MetricResult metric, ComparisonResult c, ExperimentDefinition definition)
    {
        var control = metric.Variants[0].Mean;
        var treatment = metric.Variants.First(v => v.Variant == c.Variant).Mean;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{metric.Metric} {Num(control)} -> {Num(treatment)}, {Signed(c.Lift)}");
        if (c.RelativeLift is { } rel)
        {
            sb.Append(CultureInfo.InvariantCulture, $" ({Signed(Math.Round(rel * 100, 2))}%)");
        }

        if (c.LiftLow is { } lo && c.LiftHigh is { } hi)
        {
            sb.Append(CultureInfo.InvariantCulture, $", {Num((1 - definition.Alpha) * 100)}% CI {Signed(lo)} to {Signed(hi)}");
        }

        sb.Append(c.AdjustedPValue is { } p ? $", {P(p)}" : $", {c.Note}");
        return sb.ToString();
    }

    /// <summary>A number for a sentence: 4 significant digits, invariant culture.</summary>
    internal static string Num(double value) => value.ToString("0.####", CultureInfo.InvariantCulture) is var s && s != "0" || value == 0 ? s : value.ToString("G3", CultureInfo.InvariantCulture);

    private static string Signed(double value) => (value >= 0 ? "+" : "") + Num(value);

    private static string P(double p) => p < 0.0001 ? "p < 0.0001" : "p = " + p.ToString("0.####", CultureInfo.InvariantCulture);
}
