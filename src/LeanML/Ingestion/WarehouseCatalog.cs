using System.Data.Common;
using System.Globalization;
using LeanML.Ingestion.Internal;
using LeanML.Storage;
using LeanML.Storage.DuckDb;

namespace LeanML.Ingestion;

/// <summary>Lists, profiles and queries the warehouse's user tables (<c>leanml tables</c>, <c>describe</c>, <c>sql</c>).</summary>
public static partial class WarehouseCatalog
{
    /// <summary>
    /// The user tables (metadata tables excluded) with row and column counts and their last load, then the views (a
    /// transform's default) with their column counts; each names the transform that built it, if one did.
    /// </summary>
    public static async Task<IReadOnlyList<TableSummary>> ListTablesAsync(Database warehouse, CancellationToken cancellationToken = default)
    {
        var names = await TableNamesAsync(warehouse, cancellationToken).ConfigureAwait(false);
        var log = await new IngestLogStore(warehouse).ListAsync(null, null, cancellationToken).ConfigureAwait(false);
        var built = await new Transforms.TransformStore(warehouse).BuiltNamesAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<TableSummary>();
        foreach (var name in names)
        {
            var rows = await ScalarLongAsync(warehouse, $"SELECT COUNT(*) FROM {SqlNames.Quote(name)}", cancellationToken).ConfigureAwait(false);
            var columns = (await ColumnNamesAsync(warehouse, name, cancellationToken).ConfigureAwait(false)).Count(c => c is not (TableDdl.LoadIdColumn or TableDdl.SourceLineColumn));
            var last = log.FirstOrDefault(l => l.Table == name && l.Outcome == "loaded");
            list.Add(new TableSummary(name, rows, columns, last?.FinishedAt, last?.LoadId, last?.FilePath) { Transform = built.Contains(name) ? name : null });
        }

        // A view's rows are not counted: that would run its whole query (a join of every table, perhaps) to list it.
        foreach (var name in await ViewNamesAsync(warehouse, cancellationToken).ConfigureAwait(false))
        {
            var columns = (await ColumnNamesAsync(warehouse, name, cancellationToken).ConfigureAwait(false)).Count(c => c is not (TableDdl.LoadIdColumn or TableDdl.SourceLineColumn));
            list.Add(new TableSummary(name, null, columns, null, null, null) { Kind = "view", Transform = built.Contains(name) ? name : null });
        }

        return list;
    }

    /// <summary>Profiles each column of a table: type, original name, NULL share, distinct count, min/max/mean, top five values.</summary>
    public static Task<TableProfile> DescribeAsync(Database warehouse, string table, CancellationToken cancellationToken = default) =>
        DescribeAsync(warehouse, table, null, null, cancellationToken);

    /// <summary>
    /// Profiles each column of a table, or only <paramref name="only"/>: as above, plus for numbers the standard
    /// deviation, quantiles and a histogram, and with <paramref name="label"/> each column's association with it
    /// (AUC of the column alone for a two-valued label, correlation for a numeric one), strongest first.
    /// </summary>
    public static async Task<TableProfile> DescribeAsync(Database warehouse, string table, string? only, string? label, CancellationToken cancellationToken = default)
    {
        await RequireRelationAsync(warehouse, table, cancellationToken).ConfigureAwait(false);

        var q = SqlNames.Quote(table);
        var rows = await ScalarLongAsync(warehouse, $"SELECT COUNT(*) FROM {q}", cancellationToken).ConfigureAwait(false);
        var metadata = await new IngestLogStore(warehouse).ColumnsAsync(table, null, cancellationToken).ConfigureAwait(false);
        var stored = await StoredTypesAsync(warehouse, table, cancellationToken).ConfigureAwait(false);
        var names = await ColumnNamesAsync(warehouse, table, cancellationToken).ConfigureAwait(false);

        // A table ingest made has its columns' types in the metadata; any other (canonical tables, transforms, views)
        // is typed by what it stores, and a stored type of no LeanML family (BLOB, LIST ...) is "unknown".
        var typeOf = names.Where(n => metadata.Count == 0 || metadata.Any(m => m.Name == n))
            .ToDictionary(n => n, n => metadata.FirstOrDefault(m => m.Name == n)?.Type ?? ColumnTypes.OfStored(stored.GetValueOrDefault(n, "")), StringComparer.Ordinal);
        var columns = metadata.Count > 0
            ? metadata.ToList()
            : names.Select(c => new ColumnInfo(c, c, typeOf[c] ?? ColumnType.Text, null)).ToList();
        foreach (var (name, field) in new[] { (only, "COLUMN"), (label, "--label") })
        {
            if (name is not null && !columns.Any(c => c.Name == name))
            {
                throw new LeanMLInputException($"no column '{name}' in table '{table}'. Columns: {string.Join(", ", columns.Select(c => c.Name))}.", field: field);
            }
        }

        var all = columns;
        if (only is not null)
        {
            columns = [.. columns.Where(c => c.Name == only)];
        }
        var profiles = new List<ColumnProfile>();
        foreach (var column in columns)
        {
            var c = SqlNames.Quote(column.Name);
            var known = typeOf.GetValueOrDefault(column.Name) is not null;
            var numeric = known && column.Type is ColumnType.Integer or ColumnType.Real or ColumnType.Money or ColumnType.Boolean;
            var ordered = known && column.Type is ColumnType.Date or ColumnType.Timestamp;
            // A stored BOOLEAN (a transform's) has no MIN, MAX or AVG on PostgreSQL: as 0/1 numbers.
            var x = column.Type == ColumnType.Boolean && metadata.Count == 0 ? $"CAST(CAST({c} AS INTEGER) AS DOUBLE PRECISION)" : c;
            var sql = numeric
                ? $"SELECT COUNT({c}), COUNT(DISTINCT {c}), MIN({x}), MAX({x}), AVG({x}) FROM {q}"
                : $"SELECT COUNT({c}), COUNT(DISTINCT {c}), MIN({c}), MAX({c}), NULL FROM {q}";
            await using var cmd = warehouse.Command(sql);
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await r.ReadAsync(cancellationToken).ConfigureAwait(false);
            var nonNull = Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture);
            var distinct = Convert.ToInt64(r.GetValue(1), CultureInfo.InvariantCulture);
            object? min = numeric || ordered ? Plain(r.GetValue(2)) : null;
            object? max = numeric || ordered ? Plain(r.GetValue(3)) : null;
            double? mean = numeric && !r.IsDBNull(4) ? Convert.ToDouble(r.GetValue(4), CultureInfo.InvariantCulture) : null;
            await r.DisposeAsync().ConfigureAwait(false);
            var top = numeric || ordered ? [] : await TopAsync(warehouse, q, c, cancellationToken).ConfigureAwait(false);
            profiles.Add(new ColumnProfile(column.Name, metadata.Count > 0 ? column.OriginalName : null, known ? column.Type.Name() : "unknown", column.Unit,
                rows - nonNull, rows == 0 ? 0 : (rows - nonNull) / (double)rows, distinct, min, max, mean, top, stored.GetValueOrDefault(column.Name, "")));
        }

        var labelInfo = label is null ? null : all.First(c => c.Name == label);
        var profile = new TableProfile(table, rows, profiles) { Lineage = names.Contains(TableDdl.LoadIdColumn) };
        return await WithDistributionsAsync(warehouse, profile, labelInfo, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs one query on a warehouse opened read-only (<see cref="Warehouse.OpenAsync(Workspace.Workspace, bool, CancellationToken)"/>)
    /// and returns its rows. A query that fails, or tries to write, is an input error carrying the database's message.
    /// </summary>
    public static async Task<SqlQueryResult> QueryAsync(Database warehouse, string sql, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(sql))
        {
            throw new LeanMLInputException("the query is empty; give a SELECT, e.g. leanml sql \"SELECT COUNT(*) FROM my_table\".", field: "QUERY");
        }

        if (!warehouse.ReadOnly)
        {
            throw new InvalidOperationException("QueryAsync runs a user's SQL: open the warehouse read-only for it.");
        }

        // A read-only connection refuses writes itself; the transaction is rolled back whatever the query did.
        await using var tx = await warehouse.Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var cmd = warehouse.Connection.CreateCommand();
            cmd.CommandText = SqlStatements.RequireOne(sql);
            cmd.Transaction = tx;
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var columns = Enumerable.Range(0, r.FieldCount).Select(r.GetName).ToList();
            var types = Enumerable.Range(0, r.FieldCount).Select(i => warehouse.Engine.TypeName(r.GetDataTypeName(i))).ToList();
            var rows = new List<object?[]>();
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var row = new object?[r.FieldCount];
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = Plain(warehouse.Engine.ReadValue(r, i));
                }

                rows.Add(row);
            }

            return new SqlQueryResult(columns, rows) { Types = types };
        }
        catch (DbException ex)
        {
            throw new LeanMLInputException($"the query failed: {ex.Message.Trim()}", field: "QUERY", inner: ex);
        }
        finally
        {
            await tx.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>The names of the user views (transforms are views unless materialised as tables), sorted.</summary>
    public static async Task<IReadOnlyList<string>> ViewNamesAsync(Database warehouse, CancellationToken cancellationToken = default)
    {
        if (warehouse.Engine.UserViewsSql is not { } sql)
        {
            return [];
        }

        await using var cmd = warehouse.Command(sql);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var names = new List<string>();
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            names.Add(r.GetString(0));
        }

        return names;
    }

    /// <summary>Throws an input error listing the tables and views when <paramref name="name"/> is neither.</summary>
    public static async Task RequireRelationAsync(Database warehouse, string name, CancellationToken cancellationToken = default)
    {
        var names = (await TableNamesAsync(warehouse, cancellationToken).ConfigureAwait(false)).Concat(await ViewNamesAsync(warehouse, cancellationToken).ConfigureAwait(false)).Order(StringComparer.Ordinal).ToList();
        if (!names.Contains(name))
        {
            throw new LeanMLInputException($"no table or view '{name}' in the warehouse. Tables and views: {(names.Count == 0 ? "(none yet; load one with 'leanml ingest FILE')" : string.Join(", ", names))}.", field: "TABLE");
        }
    }

    /// <summary>The names of the user tables, sorted.</summary>
    public static async Task<IReadOnlyList<string>> TableNamesAsync(Database warehouse, CancellationToken cancellationToken = default, System.Data.Common.DbTransaction? transaction = null)
    {
        await using var cmd = warehouse.Command(warehouse.Engine.UserTablesSql, transaction);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var names = new List<string>();
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            names.Add(r.GetString(0));
        }

        return names;
    }

    // Each column's type as the warehouse's SQL names it (information_schema, the same in DuckDB and PostgreSQL).
    private static async Task<Dictionary<string, string>> StoredTypesAsync(Database warehouse, string table, CancellationToken ct)
    {
        await using var cmd = warehouse.Command("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = @s AND table_name = @t");
        cmd.Bind("@s", warehouse.Engine.UserSchema ?? "main");
        cmd.Bind("@t", table);
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            types[r.GetString(0)] = r.GetString(1);
        }

        return types;
    }

    private static async Task<List<string>> ColumnNamesAsync(Database warehouse, string table, CancellationToken ct)
    {
        await using var cmd = warehouse.Command($"SELECT * FROM {SqlNames.Quote(table)} LIMIT 0");
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return Enumerable.Range(0, r.FieldCount).Select(r.GetName).ToList();
    }

    private static async Task<List<ValueCount>> TopAsync(Database warehouse, string table, string column, CancellationToken ct)
    {
        await using var cmd = warehouse.Command($"SELECT {column}, COUNT(*) FROM {table} WHERE {column} IS NOT NULL GROUP BY {column} ORDER BY COUNT(*) DESC, {column} LIMIT 5");
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var top = new List<ValueCount>();
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            top.Add(new ValueCount(Convert.ToString(r.GetValue(0), CultureInfo.InvariantCulture) ?? "", Convert.ToInt64(r.GetValue(1), CultureInfo.InvariantCulture)));
        }

        return top;
    }

    /// <summary>
    /// A database value as JSON and text show it, never rounded: whole numbers as long, or beyond 64 bits (HUGEINT,
    /// UHUGEINT) as the text of every digit; a DECIMAL/NUMERIC as decimal, with its scale (1.500, as the engine prints
    /// it), or as that text when a double cannot hold it exactly (so JSON has a number only when it reads back exact);
    /// other numbers as double; dates and timestamps in ISO 8601 (never the culture's format); bytes in hex.
    /// </summary>
    public static object? Plain(object value) => value switch
    {
        DBNull => null,
        int i => (long)i,
        short s => (long)s,
        sbyte s => (long)s,
        byte b => (long)b,
        uint u => (long)u,
        ushort u => (long)u,
        ulong u => u <= long.MaxValue ? (long)u : u.ToString(CultureInfo.InvariantCulture),
        System.Numerics.BigInteger b => b >= long.MinValue && b <= long.MaxValue ? (long)b : b.ToString(CultureInfo.InvariantCulture),
        float f => (double)f,
        decimal m => (decimal)(double)m == m ? m : m.ToString(CultureInfo.InvariantCulture),
        byte[] b => Convert.ToHexString(b),
        Stream blob => DuckDbEngine.BlobText(blob),   // a DuckDB BLOB inside a LIST or STRUCT (a top-level one is text already)
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => Iso(t),
        DateTimeOffset o => o.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture),
        TimeOnly t => t.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture),
        long or double or string or bool => value,
        // DuckDB's LIST, STRUCT and MAP values arrive as .NET collections: shown as DuckDB prints them.
        System.Collections.IDictionary map => "{" + string.Join(", ", map.Keys.Cast<object>().Select(k => $"{Convert.ToString(Plain(k), CultureInfo.InvariantCulture)}: {Convert.ToString(Plain(map[k] ?? DBNull.Value), CultureInfo.InvariantCulture)}")) + "}",
        System.Collections.IEnumerable list => "[" + string.Join(", ", list.Cast<object?>().Select(v => Convert.ToString(Plain(v ?? DBNull.Value), CultureInfo.InvariantCulture) ?? "NULL")) + "]",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    // Timestamps print as ISO 8601 with a T and fractional seconds only when there are some; a UTC one ends in Z.
    private static string Iso(DateTime t) =>
        t.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture) + (t.Kind == DateTimeKind.Utc ? "Z" : "");

    private static async Task<long> ScalarLongAsync(Database warehouse, string sql, CancellationToken ct)
    {
        await using var cmd = warehouse.Command(sql);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(Database warehouse, DbTransaction? tx, string sql, CancellationToken ct)
    {
        await using var cmd = warehouse.Command(sql, tx);
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
