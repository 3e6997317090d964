using System.Data.Common;
using System.Globalization;
using LeanML.Ingestion;
using LeanML.Storage;

namespace LeanML.Transforms;

/// <summary>
/// Runs data tests against one relation of the warehouse, in SQL that DuckDB and PostgreSQL both accept. A row test is
/// a query of the failing rows (counted, and up to 10 kept as examples); a table test (row_count, row_count_change,
/// schema, freshness) measures once and compares. Every value from YAML is a parameter; every name is quoted.
/// </summary>
internal static class DataTestRunner
{
    public const int MaxExamples = 10;

    /// <summary>What a run of tests needs besides the tests: the relation, its kind and name, and the clock.</summary>
    public sealed record Target(string Relation, string RelationKind, string Table, long? PreviousRowCount, DateTimeOffset Now, string RunId, string Phase)
    {
        /// <summary>The relation's own table (a build tests its shadow, but the result is the transform's).</summary>
        public string LiveTable { get; init; } = Table;
    }

    /// <summary>Runs every test of <paramref name="tests"/> against <paramref name="target"/>, in order.</summary>
    public static async Task<IReadOnlyList<DataTestResult>> RunAsync(Database db, Target target, IReadOnlyList<DataTestDefinition> tests, CancellationToken ct)
    {
        var results = new List<DataTestResult>(tests.Count);
        long? rows = null;
        string? missing = null;
        foreach (var test in tests)
        {
            if (rows is null && missing is null)
            {
                try
                {
                    rows = await CountAsync(db, target.Table, ct).ConfigureAwait(false);
                }
                catch (DbException ex)
                {
                    missing = $"{target.Relation} cannot be read ({ex.Message.Trim()}): load or build it first";
                }
            }

            results.Add(missing is null
                ? await RunOneAsync(db, target, test, rows, ct).ConfigureAwait(false)
                : new DataTestResult(target.Relation, target.RelationKind, test.Name, DataTestDefinition.KindName(test.Kind), test.Column,
                    test.Severity == TestSeverity.Warn ? "warn" : "error", DataTestStatus.Error, 0, [])
                {
                    RunId = target.RunId, Phase = target.Phase, Table = target.LiveTable, TestedAt = target.Now, File = test.File, Line = test.Line, Message = missing,
                });
        }

        return results;
    }

    private static async Task<DataTestResult> RunOneAsync(Database db, Target target, DataTestDefinition test, long? rows, CancellationToken ct)
    {
        var result = new DataTestResult(target.Relation, target.RelationKind, test.Name, DataTestDefinition.KindName(test.Kind), test.Column,
            test.Severity == TestSeverity.Warn ? "warn" : "error", DataTestStatus.Pass, 0, [])
        {
            RunId = target.RunId,
            Phase = target.Phase,
            Table = target.LiveTable,
            RowCount = rows,
            TestedAt = target.Now,
            File = test.File,
            Line = test.Line,
        };
        var failed = test.Severity == TestSeverity.Warn ? DataTestStatus.Warn : DataTestStatus.Fail;
        try
        {
            switch (test.Kind)
            {
                case DataTestKind.RowCount:
                    {
                        var min = test.Min is null ? (long?)null : long.Parse(test.Min, CultureInfo.InvariantCulture);
                        var max = test.Max is null ? (long?)null : long.Parse(test.Max, CultureInfo.InvariantCulture);
                        var n = rows ?? 0;
                        var off = n < min ? min.Value - n : n > max ? n - max.Value : 0;
                        return result with
                        {
                            Status = off > 0 ? failed : DataTestStatus.Pass,
                            FailingRows = off,
                            Observed = $"{n:N0} rows",
                            Message = off > 0 ? $"{n:N0} rows, expected {(min is null ? "" : $"at least {min:N0}")}{(min is not null && max is not null ? " and " : "")}{(max is null ? "" : $"at most {max:N0}")}" : null,
                        };
                    }

                case DataTestKind.RowCountChange:
                    {
                        var n = rows ?? 0;
                        if (target.PreviousRowCount is not { } prev)
                        {
                            return result with { Observed = $"{n:N0} rows; no previous count to compare with" };
                        }

                        var change = prev == 0 ? (n == 0 ? 0 : double.PositiveInfinity) : Math.Abs(n - prev) * 100.0 / prev;
                        var bad = change > test.MaxPercent;
                        var observed = $"{n:N0} rows, previously {prev:N0} ({(double.IsInfinity(change) ? "from none" : change.ToString("0.##", CultureInfo.InvariantCulture) + "%")})";
                        return result with
                        {
                            Status = bad ? failed : DataTestStatus.Pass,
                            FailingRows = bad ? Math.Abs(n - prev) : 0,
                            Observed = observed,
                            Message = bad ? $"the row count changed by more than {test.MaxPercent!.Value.ToString(CultureInfo.InvariantCulture)}%: {observed}" : null,
                        };
                    }

                case DataTestKind.Schema:
                    return await SchemaAsync(db, target, test, result, failed, ct).ConfigureAwait(false);
                case DataTestKind.Freshness:
                    return await FreshnessAsync(db, target, test, result, ct).ConfigureAwait(false);
                default:
                    {
                        var (sql, bind) = FailingRowsQuery(db, target.Table, test);
                        long failing;
                        await using (var count = db.Command($"SELECT COUNT(*) FROM ({sql}) AS failing"))
                        {
                            bind(count);
                            failing = Convert.ToInt64(await count.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture);
                        }

                        if (failing == 0)
                        {
                            return result;
                        }

                        await using var examples = db.Command($"{sql} LIMIT {MaxExamples}");
                        bind(examples);
                        return result with
                        {
                            Status = failed,
                            FailingRows = failing,
                            Examples = await ReadRowsAsync(examples, ct).ConfigureAwait(false),
                            Message = FailureText(test, failing),
                        };
                    }
            }
        }
        catch (DbException ex)
        {
            return result with
            {
                Status = DataTestStatus.Error,
                Message = $"the test could not run ({test.File}, line {test.Line}): {ex.Message.Trim()}",
            };
        }
    }

    /// <summary>The query of the rows that fail a row test, and the binding of its parameters.</summary>
    private static (string Sql, Action<DbCommand> Bind) FailingRowsQuery(Database db, string table, DataTestDefinition test)
    {
        var r = SqlNames.Quote(table);
        var c = test.Column is null ? null : SqlNames.Quote(test.Column);
        switch (test.Kind)
        {
            case DataTestKind.NotNull:
                return ($"SELECT * FROM {r} WHERE {c} IS NULL", _ => { });
            case DataTestKind.Unique:
                return ($"SELECT {c}, COUNT(*) AS occurrences FROM {r} WHERE {c} IS NOT NULL GROUP BY {c} HAVING COUNT(*) > 1", _ => { });
            case DataTestKind.AcceptedValues:
                {
                    var names = test.Values.Select((_, i) => $"@v{i}").ToList();
                    var list = names.Count == 0 ? "NULL" : string.Join(", ", names);
                    return ($"SELECT * FROM {r} WHERE {c} IS NOT NULL AND CAST({c} AS TEXT) NOT IN ({list})", cmd =>
                    {
                        for (var i = 0; i < test.Values.Count; i++)
                        {
                            cmd.Bind(names[i], test.Values[i]);
                        }
                    });
                }

            case DataTestKind.Relationships:
                return ($"SELECT child.* FROM {r} AS child WHERE child.{c} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {SqlNames.Quote(test.To!)} AS parent WHERE parent.{SqlNames.Quote(test.Field!)} = child.{c})", _ => { });
            case DataTestKind.AcceptedRange:
                {
                    var conditions = new List<string>();
                    if (test.Min is not null)
                    {
                        conditions.Add($"{c} < {Bound(test.Min, "@min")}");
                    }

                    if (test.Max is not null)
                    {
                        conditions.Add($"{c} > {Bound(test.Max, "@max")}");
                    }

                    return ($"SELECT * FROM {r} WHERE {string.Join(" OR ", conditions)}", cmd =>
                    {
                        if (test.Min is not null)
                        {
                            cmd.Bind("@min", BoundValue(test.Min));
                        }

                        if (test.Max is not null)
                        {
                            cmd.Bind("@max", BoundValue(test.Max));
                        }
                    });
                }

            case DataTestKind.Expression:
                // The user's own SQL, as in a transform: it runs with the same rights.
                return ($"SELECT * FROM {r} WHERE NOT ({test.Expression})", _ => { });
            default:
                throw new InvalidOperationException(test.Kind.ToString());
        }
    }

    // A bound of accepted_range: a number as a number; an ISO date or timestamp cast to its type (PostgreSQL does not
    // compare a date with text); anything else as text.
    private static string Bound(string text, string parameter) => BoundValue(text) switch
    {
        double => parameter,
        _ when IsDate(text) => $"CAST({parameter} AS DATE)",
        _ when IsTimestamp(text) => $"CAST({parameter} AS TIMESTAMP)",
        _ => parameter,
    };

    private static object BoundValue(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : text;

    private static bool IsDate(string text) => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static bool IsTimestamp(string text) => !IsDate(text) && DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out _);

    private static string FailureText(DataTestDefinition test, long failing) => test.Kind switch
    {
        DataTestKind.NotNull => $"{failing:N0} rows have no {test.Column}",
        DataTestKind.Unique => $"{failing:N0} values of {test.Column} appear more than once",
        DataTestKind.AcceptedValues => $"{failing:N0} rows have a {test.Column} that is not one of {string.Join(", ", test.Values)}",
        DataTestKind.Relationships => $"{failing:N0} rows have a {test.Column} not found in {test.To}.{test.Field}",
        DataTestKind.AcceptedRange => $"{failing:N0} rows have a {test.Column} outside [{test.Min ?? "-inf"}, {test.Max ?? "+inf"}]",
        DataTestKind.Expression => $"{failing:N0} rows break '{test.Expression}'",
        _ => $"{failing:N0} rows fail",
    };

    private static async Task<DataTestResult> SchemaAsync(Database db, Target target, DataTestDefinition test, DataTestResult result, DataTestStatus failed, CancellationToken ct)
    {
        var actual = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        await using (var cmd = db.Command("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = @s AND table_name = @t"))
        {
            cmd.Bind("@s", db.Engine.UserSchema ?? "main");
            cmd.Bind("@t", target.Table);
            await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await r.ReadAsync(ct).ConfigureAwait(false))
            {
                actual[r.GetString(0)] = r.GetString(1);
            }
        }

        // The logical types LeanML gave the columns it loaded (a boolean is stored as 0/1 in a BIGINT).
        var logical = (await new IngestLogStore(db).ColumnsAsync(target.Table, null, ct).ConfigureAwait(false))
            .ToDictionary(c => c.Name, c => c.Type, StringComparer.OrdinalIgnoreCase);
        var problems = new List<IReadOnlyDictionary<string, object?>>();
        foreach (var (column, type) in test.Columns)
        {
            var found = actual.TryGetValue(column, out var t) ? t : null;
            if (found is null || (type is not null && !TypeMatches(type, found, logical.TryGetValue(column, out var l) ? l : null)))
            {
                problems.Add(new Dictionary<string, object?> { ["column"] = column, ["expected"] = type ?? "(any type)", ["actual"] = found ?? "(missing)" });
            }
        }

        return problems.Count == 0
            ? result with { Observed = $"{actual.Count} columns" }
            : result with
            {
                Status = failed,
                FailingRows = problems.Count,
                Examples = problems.Take(MaxExamples).ToList(),
                Observed = $"{actual.Count} columns",
                Message = $"{problems.Count} column(s) missing or of another type: {string.Join(", ", problems.Select(p => $"{p["column"]} ({p["actual"]}, expected {p["expected"]})"))}",
            };
    }

    /// <summary>
    /// True when a column of the warehouse type <paramref name="actual"/> is of the type <paramref name="expected"/>
    /// of a schema test. One of LeanML's logical names (integer, real, money, boolean, date, timestamp, text: what
    /// ingest and describe call a column) matches its whole family on either warehouse: integer any signed or unsigned
    /// integer type (HUGEINT too), real and money any floating-point or DECIMAL/NUMERIC type, timestamp with or without
    /// time zone, text any character type; also a column whose logical type <paramref name="logical"/> (from LeanML's
    /// column metadata) is that name, as a boolean ingest stores as 0/1. Any other name is an engine's type and matches
    /// that type under its other spellings (BIGINT = INT8, VARCHAR = character varying, DOUBLE = double precision).
    /// </summary>
    public static bool TypeMatches(string expected, string actual, ColumnType? logical = null)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        // A logical name exactly as LeanML writes it (its aliases, bigint or double, are engine types here).
        var name = expected.Trim().ToLowerInvariant();
        ColumnType? wanted = ColumnTypes.Parse(name) is { } parsed && parsed.Name() == name ? parsed : null;
        if (wanted is null)
        {
            return ColumnTypes.Family(expected) == ColumnTypes.Family(actual);
        }

        static ColumnType? Numbers(ColumnType? type) => type == ColumnType.Money ? ColumnType.Real : type;   // money is a real number with a unit
        return logical == wanted || Numbers(ColumnTypes.OfStored(actual)) == Numbers(wanted);
    }


    private static async Task<DataTestResult> FreshnessAsync(Database db, Target target, DataTestDefinition test, DataTestResult result, CancellationToken ct)
    {
        object? newest;
        await using (var cmd = db.Command($"SELECT MAX({SqlNames.Quote(test.Column!)}) FROM {SqlNames.Quote(target.Table)}"))
        {
            newest = await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false);
        }

        var at = newest switch
        {
            DateTime d => new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)),
            DateTimeOffset o => o,
            DateOnly d => new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
            string s when DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var p) => p,
            null or DBNull => (DateTimeOffset?)null,
            _ => throw new LeanMLInputException($"freshness needs a date or timestamp column; '{test.Column}' holds {newest.GetType().Name} values.", test.File, test.Line, field: "freshness.column"),
        };
        if (at is null)
        {
            return result with
            {
                Status = test.Severity == TestSeverity.Warn ? DataTestStatus.Warn : DataTestStatus.Fail,
                FailingRows = 1,
                Observed = "no rows",
                Message = $"{target.Relation} has no {test.Column} at all",
            };
        }

        var age = target.Now - at.Value;
        var observed = $"newest {WarehouseCatalog.Plain(newest!)} ({age.TotalDays.ToString("0.#", CultureInfo.InvariantCulture)} days old)";
        var status = test.ErrorAfter is { } e && age > e
            ? (test.Severity == TestSeverity.Warn ? DataTestStatus.Warn : DataTestStatus.Fail)
            : test.WarnAfter is { } w && age > w ? DataTestStatus.Warn : DataTestStatus.Pass;
        return result with
        {
            Status = status,
            FailingRows = status == DataTestStatus.Pass ? 0 : 1,
            Observed = observed,
            Message = status == DataTestStatus.Pass ? null : $"{test.Column} is stale: {observed}, allowed {Limit(test.ErrorAfter is { } ea && age > ea ? ea : test.WarnAfter!.Value)}",
        };
    }

    private static string Limit(TimeSpan t) => t.TotalDays >= 1 ? $"{t.TotalDays.ToString("0.##", CultureInfo.InvariantCulture)} days" : $"{t.TotalHours.ToString("0.##", CultureInfo.InvariantCulture)} hours";

    private static async Task<long> CountAsync(Database db, string table, CancellationToken ct)
    {
        await using var cmd = db.Command($"SELECT COUNT(*) FROM {SqlNames.Quote(table)}");
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    private static async Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>> ReadRowsAsync(DbCommand cmd, CancellationToken ct)
    {
        var rows = new List<IReadOnlyDictionary<string, object?>>();
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            var row = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < r.FieldCount; i++)
            {
                row[r.GetName(i)] = WarehouseCatalog.Plain(r.GetValue(i));
            }

            rows.Add(row);
        }

        return rows;
    }
}
