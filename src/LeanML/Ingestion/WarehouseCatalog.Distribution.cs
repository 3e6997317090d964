using System.Globalization;
using LeanML.Storage;

namespace LeanML.Ingestion;

/// <summary>
/// The distribution part of <c>leanml describe</c>: standard deviation, quantiles, histogram and association with a
/// label, each computed by the warehouse's own SQL (the same statements on DuckDB and PostgreSQL).
/// </summary>
public static partial class WarehouseCatalog
{
    /// <summary>The quantiles describe reports, with their names.</summary>
    private static readonly (string Name, double Fraction)[] QuantileFractions =
        [("p1", 0.01), ("p5", 0.05), ("p25", 0.25), ("p50", 0.5), ("p75", 0.75), ("p95", 0.95), ("p99", 0.99)];

    /// <summary>Bins of a histogram.</summary>
    private const int HistogramBins = 10;

    private static async Task<TableProfile> WithDistributionsAsync(Database warehouse, TableProfile profile, ColumnInfo? label, CancellationToken ct)
    {
        var q = SqlNames.Quote(profile.Table);
        var columns = new List<ColumnProfile>();
        string? kind = null;
        string? positive = null;
        if (label is not null)
        {
            (kind, positive) = await LabelKindAsync(warehouse, q, label, ct).ConfigureAwait(false);
        }

        foreach (var column in profile.Columns)
        {
            var type = ColumnTypes.Parse(column.Type);
            var x = NumberExpression(column.Name, type);
            if (x is null)
            {
                columns.Add(column);
                continue;
            }

            var quantiles = string.Join(", ", QuantileFractions.Select(f => string.Create(CultureInfo.InvariantCulture, $"percentile_cont({f.Fraction}) WITHIN GROUP (ORDER BY x)")));
            await using var cmd = warehouse.Command($"SELECT STDDEV_SAMP(x), MIN(x), MAX(x), {quantiles} FROM (SELECT {x} AS x FROM {q}) s WHERE x IS NOT NULL");
            await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await r.ReadAsync(ct).ConfigureAwait(false);
            double? Get(int i) => r.IsDBNull(i) ? null : Convert.ToDouble(r.GetValue(i), CultureInfo.InvariantCulture);
            var std = Get(0);
            var (min, max) = (Get(1), Get(2));
            var values = QuantileFractions.Select((f, i) => (f.Name, Value: Get(3 + i))).Where(v => v.Value is not null).ToDictionary(v => v.Name, v => v.Value!.Value, StringComparer.Ordinal);
            await r.DisposeAsync().ConfigureAwait(false);
            var histogram = min is { } lo && max is { } hi ? await HistogramAsync(warehouse, q, x, lo, hi, ct).ConfigureAwait(false) : [];
            double? association = null;
            if (label is not null && label.Name != column.Name && kind is not null)
            {
                association = kind == "auc"
                    ? await AucAsync(warehouse, q, x, SqlNames.Quote(label.Name), ct).ConfigureAwait(false)
                    : await CorrelationAsync(warehouse, q, x, NumberExpression(label.Name, label.Type)!, ct).ConfigureAwait(false);
            }

            columns.Add(column with { StdDev = std, Quantiles = values.Count == 0 ? null : values, Histogram = histogram, Association = association });
        }

        if (label is not null)
        {
            // Strongest first: |AUC - 0.5| (a column that ranks backwards is as telling), |correlation|; then the rest in table order.
            columns = [.. columns.OrderByDescending(c => c.Association is { } a ? (kind == "auc" ? Math.Abs(a - 0.5) : Math.Abs(a)) : -1)];
        }

        return profile with { Columns = columns, Label = label?.Name, AssociationKind = kind, Positive = positive };
    }

    // The column as a double in SQL (booleans as 0/1: PostgreSQL casts a boolean only to an integer), or null when not a number.
    private static string? NumberExpression(string name, ColumnType? type)
    {
        var c = SqlNames.Quote(name);
        return type switch
        {
            ColumnType.Boolean => $"CAST(CAST({c} AS INTEGER) AS DOUBLE PRECISION)",
            ColumnType.Integer or ColumnType.Real or ColumnType.Money => $"CAST({c} AS DOUBLE PRECISION)",
            _ => null,
        };
    }

    // numpy.histogram(x, bins=10): edges as numpy.linspace(min, max, 11) makes them, each bin [edge_i, edge_i+1), the
    // last one closed; a value is counted in the bin of the last edge it reaches (a CASE over the edges, so a value
    // on an edge falls where numpy puts it).
    private static async Task<IReadOnlyList<HistogramBin>> HistogramAsync(Database warehouse, string q, string x, double min, double max, CancellationToken ct)
    {
        var edges = new double[HistogramBins + 1];
        var step = (max - min) / HistogramBins;
        for (var i = 0; i < HistogramBins; i++)
        {
            edges[i] = min + (i * step);
        }

        edges[HistogramBins] = max;
        var cases = string.Join(" ", Enumerable.Range(1, HistogramBins - 1).Reverse().Select(i => string.Create(CultureInfo.InvariantCulture, $"WHEN x >= @e{i} THEN {i}")));
        await using var cmd = warehouse.Command($"SELECT CASE {cases} ELSE 0 END AS b, COUNT(*) FROM (SELECT {x} AS x FROM {q}) s WHERE x IS NOT NULL GROUP BY 1 ORDER BY 1");
        for (var i = 1; i < HistogramBins; i++)
        {
            cmd.Bind(string.Create(CultureInfo.InvariantCulture, $"@e{i}"), edges[i]);
        }

        var counts = new long[HistogramBins];
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            counts[Convert.ToInt32(r.GetValue(0), CultureInfo.InvariantCulture)] = Convert.ToInt64(r.GetValue(1), CultureInfo.InvariantCulture);
        }

        return [.. Enumerable.Range(0, HistogramBins).Select(i => new HistogramBin(edges[i], edges[i + 1], counts[i]))];
    }

    // A label with exactly two values is binary (auc, the larger value positive); a numeric one with more is a
    // regression target (correlation); anything else has no association measure.
    private static async Task<(string? Kind, string? Positive)> LabelKindAsync(Database warehouse, string q, ColumnInfo label, CancellationToken ct)
    {
        var l = SqlNames.Quote(label.Name);
        await using var cmd = warehouse.Command($"SELECT DISTINCT {l} FROM {q} WHERE {l} IS NOT NULL ORDER BY 1 LIMIT 3");
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var values = new List<string>();
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            values.Add(Convert.ToString(Plain(r.GetValue(0)), CultureInfo.InvariantCulture) ?? "");
        }

        if (values.Count == 2)
        {
            return ("auc", values[1]);
        }

        return NumberExpression(label.Name, label.Type) is not null && values.Count > 2 ? ("correlation", null) : (null, null);
    }

    // The AUC of the column alone: Mann-Whitney U over mid-ranks (ties share their average rank), which equals
    // scikit-learn's roc_auc_score with ties counted half; rows where either value is NULL are left out.
    private static async Task<double?> AucAsync(Database warehouse, string q, string x, string label, CancellationToken ct)
    {
        await using var cmd = warehouse.Command($"""
            WITH d AS (SELECT {x} AS x, DENSE_RANK() OVER (ORDER BY {label}) - 1 AS p FROM {q} WHERE {x} IS NOT NULL AND {label} IS NOT NULL),
                 r AS (SELECT p, RANK() OVER (ORDER BY x) + (COUNT(*) OVER (PARTITION BY x) - 1) / 2.0 AS rk FROM d)
            SELECT CAST(SUM(CASE WHEN p = 1 THEN rk ELSE 0 END) AS DOUBLE PRECISION), CAST(SUM(p) AS DOUBLE PRECISION), CAST(COUNT(*) AS DOUBLE PRECISION) FROM r
            """);
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await r.ReadAsync(ct).ConfigureAwait(false);
        if (r.IsDBNull(0))
        {
            return null;
        }

        var rankSum = Convert.ToDouble(r.GetValue(0), CultureInfo.InvariantCulture);
        var positives = Convert.ToDouble(r.GetValue(1), CultureInfo.InvariantCulture);
        var negatives = Convert.ToDouble(r.GetValue(2), CultureInfo.InvariantCulture) - positives;
        return positives == 0 || negatives == 0 ? null : (rankSum - (positives * (positives + 1) / 2)) / (positives * negatives);
    }

    private static async Task<double?> CorrelationAsync(Database warehouse, string q, string x, string y, CancellationToken ct)
    {
        await using var cmd = warehouse.Command($"SELECT CORR({x}, {y}) FROM {q}");
        var value = await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false);
        return value is null or DBNull ? null : Convert.ToDouble(value, CultureInfo.InvariantCulture) is var v && double.IsFinite(v) ? v : null;
    }
}
