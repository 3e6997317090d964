using System.Data.Common;
using System.Globalization;
using System.Text;
using LeanML.Storage;

namespace LeanML.Metrics;

/// <summary>
/// Computes a defined metric in the warehouse, in SQL both DuckDB and PostgreSQL accept: every name from the
/// definition quoted (the table, entity, time and dimension columns), every value a parameter; the definition's
/// expressions and filters are the team's own SQL, as a transform's are.
/// </summary>
public static class MetricCalculator
{
    /// <summary>Computes <paramref name="request"/> for <paramref name="definition"/> on an open warehouse (one with the analytic copy when a population is given).</summary>
    public static async Task<MetricValue> ComputeAsync(Database warehouse, MetricDefinition definition, MetricRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(request);
        Validate(definition, request);
        var d = warehouse.Engine;
        var sql = new StringBuilder();
        var keys = new List<string>();
        if (request.Grain is not null)
        {
            keys.Add("leanml_period");
        }

        if (request.By is not null)
        {
            keys.Add("leanml_dim");
        }

        var (a, b) = definition.Type switch
        {
            MetricType.Count or MetricType.Sum => ("SUM(leanml_a)", "COUNT(DISTINCT leanml_entity)"),
            MetricType.Mean => ("SUM(leanml_a)", "COUNT(leanml_a)"),
            MetricType.Ratio => ("SUM(leanml_a)", "SUM(leanml_b)"),
            _ => ("COUNT(DISTINCT CASE WHEN leanml_a = 1 THEN leanml_entity END)", "COUNT(DISTINCT leanml_entity)"),
        };
        var select = keys.Count == 0 ? "" : string.Join(", ", keys) + ", ";
        sql.Append(CultureInfo.InvariantCulture, $"SELECT {select}{a} AS leanml_num, {b} AS leanml_den, COUNT(DISTINCT leanml_entity) AS leanml_entities FROM ({BaseQuery(d, definition, request)}) leanml_rows");
        if (keys.Count > 0)
        {
            sql.Append(CultureInfo.InvariantCulture, $" GROUP BY {string.Join(", ", keys)} ORDER BY {string.Join(", ", keys)}");
        }

        long? population = null;
        if (request.Population is { } p)
        {
            population = await PopulationSizeAsync(warehouse, p, cancellationToken).ConfigureAwait(false);
        }

        var rows = new List<MetricRow>();
        try
        {
            await using var cmd = warehouse.Command(sql.ToString());
            BindWindow(cmd, request);
            cmd.CommandTimeout = 0;
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var i = 0;
                string? period = request.Grain is null ? null : Period(reader.GetValue(i++));
                string? dim = request.By is null ? null : reader.IsDBNull(i++) ? null : Convert.ToString(reader.GetValue(i - 1), CultureInfo.InvariantCulture);
                var num = Number(reader.GetValue(i));
                var den = Number(reader.GetValue(i + 1));
                rows.Add(Row(definition, period, dim, num, den, population, (long)Number(reader.GetValue(i + 2))));
            }
        }
        catch (DbException ex)
        {
            throw new LeanMLInputException(
                $"the metric '{definition.Name}' could not be computed on the warehouse: {FirstLine(ex.Message)}. Check its table, columns, expression and filters (see 'leanml describe {definition.Table}').",
                definition.File, field: "expression", inner: ex);
        }

        if (rows.Count == 0 && keys.Count == 0)
        {
            rows.Add(Row(definition, null, null, 0, 0, population, 0));
        }

        var asOf = await AsOfAsync(warehouse, definition.Table, cancellationToken).ConfigureAwait(false);
        return new MetricValue(definition.Name, definition.Label, definition.Type, definition.Hash, asOf, request.By, request.Grain, request.Since, request.Until, request.Population,
            population is not null && definition.Additive, rows);
    }

    /// <summary>
    /// The per-variant sums an experiment analyses for a defined metric, one pass: per assigned unit its value over the
    /// window (Y: sum, count, or 1/0 for a proportion; the numerator of a mean or ratio) and X (the denominator of a mean or
    /// ratio; else the same value over the pre-period for CUPED, or 0), then per variant the count, sums, squares and
    /// cross products. Units with no rows count as 0, as units without events do.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, (long N, double Y, double YY, double X, double XX, double XY)>> UnitSumsAsync(
        Database warehouse, MetricDefinition definition, string experiment, DateTimeOffset start, DateTimeOffset? end, DateTimeOffset? preStart, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var d = warehouse.Engine;
        var request = new MetricRequest(definition.Name, Since: preStart ?? start, Until: end);
        var post = "s.leanml_time >= CAST(@leanml_start AS TIMESTAMP)";
        var pre = "s.leanml_time < CAST(@leanml_start AS TIMESTAMP)";
        string y, x;
        switch (definition.Type)
        {
            case MetricType.Mean or MetricType.Ratio:
                y = $"COALESCE(SUM(CASE WHEN {post} THEN s.leanml_a END), 0)";
                x = definition.Type == MetricType.Mean ? $"COUNT(CASE WHEN {post} THEN s.leanml_a END)" : $"COALESCE(SUM(CASE WHEN {post} THEN s.leanml_b END), 0)";
                break;
            case MetricType.Proportion:
                y = $"COALESCE(MAX(CASE WHEN {post} THEN s.leanml_a END), 0)";
                x = preStart is null ? "0" : $"COALESCE(MAX(CASE WHEN {pre} THEN s.leanml_a END), 0)";
                break;
            default:
                y = $"COALESCE(SUM(CASE WHEN {post} THEN s.leanml_a END), 0)";
                x = preStart is null ? "0" : $"COALESCE(SUM(CASE WHEN {pre} THEN s.leanml_a END), 0)";
                break;
        }

        if (definition.Time is null)
        {
            throw new LeanMLInputException($"the metric '{definition.Name}' has no 'time:' column, so an experiment cannot read it over its window; add one.", definition.File, field: "time");
        }

        var sql = $"""
            SELECT variant, COUNT(*), SUM(y), SUM(y * y), SUM(x), SUM(x * x), SUM(x * y)
            FROM (
              SELECT MAX(a.variant) AS variant, CAST({y} AS DOUBLE PRECISION) AS y, CAST({x} AS DOUBLE PRECISION) AS x
              FROM {d.Meta("assignments")} a
              LEFT JOIN ({BaseQuery(d, definition, request)}) s ON s.leanml_entity = a.unit
              WHERE a.experiment = @leanml_exp
              GROUP BY a.unit
            ) u
            GROUP BY variant
            """;
        var result = new Dictionary<string, (long, double, double, double, double, double)>(StringComparer.Ordinal);
        try
        {
            await using var cmd = warehouse.Command(sql);
            BindWindow(cmd, request);
            cmd.Bind("@leanml_start", Timestamp(start));
            cmd.Bind("@leanml_exp", experiment);
            cmd.CommandTimeout = 0;
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                result[reader.GetString(0)] = ((long)Number(reader.GetValue(1)), Number(reader.GetValue(2)), Number(reader.GetValue(3)), Number(reader.GetValue(4)), Number(reader.GetValue(5)), Number(reader.GetValue(6)));
            }
        }
        catch (DbException ex)
        {
            throw new LeanMLInputException(
                $"the metric '{definition.Name}' could not be computed for the experiment '{experiment}': {FirstLine(ex.Message)}. Check its table, columns, expression and filters.",
                definition.File, field: "expression", inner: ex);
        }

        return result;
    }

    /// <summary>The last successful load of a table into the warehouse, or null when LeanML never loaded it.</summary>
    public static async Task<DateTimeOffset?> AsOfAsync(Database warehouse, string table, CancellationToken cancellationToken = default)
    {
        await using var cmd = warehouse.Command($"SELECT MAX(finished_at) FROM {warehouse.Engine.Meta("ingest_log")} WHERE table_name = @t AND outcome = 'loaded'");
        cmd.Bind("@t", table);
        return await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string text
            ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
            : null;
    }

    // One row per row of the table that passes the filters, the window and the population, with the entity as text
    // (experiment units are text), the time as a timestamp, and the values the aggregate reads.
    private static string BaseQuery(StorageEngine d, MetricDefinition m, MetricRequest request)
    {
        var cols = new List<string> { $"CAST({d.Quote(m.Entity)} AS TEXT) AS leanml_entity" };
        var time = m.Time is null ? null : $"CAST({d.Quote(m.Time)} AS TIMESTAMP)";
        if (time is not null)
        {
            cols.Add($"{time} AS leanml_time");
        }

        if (request.Grain is not null)
        {
            cols.Add($"CAST(date_trunc('{request.Grain}', {time}) AS DATE) AS leanml_period");
        }

        if (request.By is not null)
        {
            cols.Add($"{d.Quote(request.By)} AS leanml_dim");
        }

        switch (m.Type)
        {
            case MetricType.Count:
                cols.Add(m.Expression is null ? "1 AS leanml_a" : $"CASE WHEN ({m.Expression}) IS NULL THEN 0 ELSE 1 END AS leanml_a");
                break;
            case MetricType.Sum or MetricType.Mean:
                cols.Add($"CAST(({m.Expression}) AS DOUBLE PRECISION) AS leanml_a");
                break;
            case MetricType.Ratio:
                cols.Add($"CAST(({m.Numerator}) AS DOUBLE PRECISION) AS leanml_a");
                cols.Add($"CAST(({m.Denominator}) AS DOUBLE PRECISION) AS leanml_b");
                break;
            default:
                cols.Add($"CASE WHEN ({m.Expression}) THEN 1 ELSE 0 END AS leanml_a");
                break;
        }

        var where = m.Filters.Select(f => $"({f})").ToList();
        if (request.Since is not null)
        {
            where.Add($"{time} >= CAST(@leanml_since AS TIMESTAMP)");
        }

        if (request.Until is not null)
        {
            where.Add($"{time} < CAST(@leanml_until AS TIMESTAMP)");
        }

        if (request.Population is not null)
        {
            where.Add($"CAST({d.Quote(m.Entity)} AS TEXT) IN (SELECT unit FROM {d.Meta("assignments")} WHERE experiment = @leanml_pexp AND variant = @leanml_pvar)");
        }

        var table = d.UserSchema is { } schema ? $"{d.Quote(schema)}.{d.Quote(m.Table)}" : d.Quote(m.Table);
        return $"SELECT {string.Join(", ", cols)} FROM {table}{(where.Count == 0 ? "" : " WHERE " + string.Join(" AND ", where))}";
    }

    private static void BindWindow(DbCommand cmd, MetricRequest request)
    {
        if (request.Since is { } since)
        {
            cmd.Bind("@leanml_since", Timestamp(since));
        }

        if (request.Until is { } until)
        {
            cmd.Bind("@leanml_until", Timestamp(until));
        }

        if (request.Population is { } p)
        {
            cmd.Bind("@leanml_pexp", p.Experiment);
            cmd.Bind("@leanml_pvar", p.Variant);
        }
    }

    private static async Task<long> PopulationSizeAsync(Database warehouse, MetricPopulation p, CancellationToken cancellationToken)
    {
        await using var cmd = warehouse.Command($"SELECT COUNT(*) FROM {warehouse.Engine.Meta("assignments")} WHERE experiment = @e AND variant = @v");
        cmd.Bind("@e", p.Experiment);
        cmd.Bind("@v", p.Variant);
        return (long)Number(await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false));
    }

    private static void Validate(MetricDefinition m, MetricRequest request)
    {
        if (request.By is { } by && !m.Dimensions.Contains(by, StringComparer.Ordinal))
        {
            throw new LeanMLInputException(
                m.Dimensions.Count == 0
                    ? $"the metric '{m.Name}' allows no dimensions; add '{by}' to its 'dimensions:' to cut by it."
                    : $"the metric '{m.Name}' cannot be cut by '{by}'.{Internal.Suggestions.DidYouMean(by, m.Dimensions)} Its dimensions: {string.Join(", ", m.Dimensions)}.",
                m.File, field: "--by");
        }

        if (request.Grain is { } grain && !m.Grains.Contains(grain, StringComparer.Ordinal))
        {
            throw new LeanMLInputException(
                m.Grains.Count == 0
                    ? $"the metric '{m.Name}' allows no grains; add '{grain}' to its 'grains:' (and a 'time:' column) to cut by it."
                    : $"the metric '{m.Name}' cannot be cut by '{grain}'; its grains: {string.Join(", ", m.Grains)}.",
                m.File, field: "--grain");
        }

        if ((request.Since is not null || request.Until is not null) && m.Time is null)
        {
            throw new LeanMLInputException($"the metric '{m.Name}' has no 'time:' column, so it cannot be windowed; add one.", m.File, field: "time");
        }
    }

    private static MetricRow Row(MetricDefinition m, string? period, string? dim, double num, double den, long? population, long seen)
    {
        double? value;
        double? denominator;
        long entities;
        switch (m.Type)
        {
            case MetricType.Count or MetricType.Sum:
                // Over a population an additive metric is shown per entity: what an experiment compares between variants.
                entities = population ?? (long)den;
                denominator = population;
                value = population is { } n ? (n == 0 ? null : num / n) : num;
                break;
            case MetricType.Proportion:
                entities = population ?? (long)den;
                denominator = entities;
                value = entities == 0 ? null : num / entities;
                break;
            default:
                entities = population ?? seen;
                denominator = den;
                value = den == 0 ? null : num / den;
                break;
        }

        return new MetricRow(period, dim, value, m.FormatValue(value), num, denominator, entities);
    }

    private static string Period(object value) => value switch
    {
        DateTime t => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateOnly t => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static double Number(object? value) => value switch
    {
        null or DBNull => 0,
        System.Numerics.BigInteger b => (double)b,
        _ => Convert.ToDouble(value, CultureInfo.InvariantCulture),
    };

    /// <summary>An instant as a timestamp literal both engines cast (UTC, no zone).</summary>
    internal static string Timestamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();
}
