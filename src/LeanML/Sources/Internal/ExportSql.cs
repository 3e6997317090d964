using LeanML.Ingestion;
using LeanML.Storage;

namespace LeanML.Sources.Internal;

/// <summary>
/// The SQL expressions that read an export's fields from its raw table inside the warehouse, so an adapter maps a
/// load in one INSERT … SELECT instead of reading every row back into managed code. Each expression gives what
/// <see cref="SourceValues"/> gives for the same cell, in the subset of SQL DuckDB and PostgreSQL both accept, and
/// only from the stored types where that holds (a number stored as a number, a time stored as a timestamp). A field
/// whose raw column is of another type (an amount left as text because a few cells were not numbers) is not
/// portable: <see cref="Portable"/> turns false and the caller maps that load in managed code instead.
/// </summary>
internal sealed class ExportSql
{
    private readonly StorageEngine _engine;
    private readonly Dictionary<string, ColumnInfo> _columns;

    /// <param name="engine">The warehouse's engine (quoting and column types).</param>
    /// <param name="columns">Each field the file has, by key: the raw column that holds it.</param>
    public ExportSql(StorageEngine engine, Dictionary<string, ColumnInfo> columns)
    {
        _engine = engine;
        _columns = columns;
    }

    /// <summary>False once a field was asked for whose stored type has no exact SQL form here.</summary>
    public bool Portable { get; private set; } = true;

    /// <summary>The engine's column type of a logical type (for casts).</summary>
    public string Type(ColumnType type) => _engine.SqlType(type);

    /// <summary>
    /// <see cref="SourceValues.Text"/>: text trimmed of spaces, blank as NULL; whole numbers and 0/1 booleans in
    /// their invariant form. Other stored types (doubles, times) print differently in SQL than in .NET: not portable.
    /// </summary>
    public string Text(string key)
    {
        if (!_columns.TryGetValue(key, out var c))
        {
            return Null(ColumnType.Text);
        }

        var q = _engine.Quote(c.Name);
        return c.Type switch
        {
            ColumnType.Text => $"NULLIF(TRIM({q}), '')",
            ColumnType.Integer or ColumnType.Boolean => $"CAST({q} AS {_engine.Text})",
            _ => NotPortable(),
        };
    }

    /// <summary><see cref="SourceValues.Currency"/>: the code upper-cased.</summary>
    public string Currency(string key) => $"UPPER({Text(key)})";

    /// <summary><see cref="SourceValues.Money"/> of a cell ingest stored as a number (it parsed <c>$8.00</c>, <c>1,234.56</c> already).</summary>
    public string Money(string key)
    {
        if (!_columns.TryGetValue(key, out var c))
        {
            return Null(ColumnType.Real);
        }

        return c.Type is ColumnType.Real or ColumnType.Money or ColumnType.Integer
            ? $"CAST({_engine.Quote(c.Name)} AS {Type(ColumnType.Real)})"
            : NotPortable();
    }

    /// <summary>
    /// <see cref="SourceValues.UtcTime"/> of a cell ingest stored as a timestamp (already UTC) or a date (its
    /// midnight). Unix seconds and text need .NET's parsing: not portable.
    /// </summary>
    public string UtcTime(string key)
    {
        if (!_columns.TryGetValue(key, out var c))
        {
            return Null(ColumnType.Timestamp);
        }

        var q = _engine.Quote(c.Name);
        return c.Type switch
        {
            ColumnType.Timestamp => q,
            ColumnType.Date => $"CAST({q} AS {Type(ColumnType.Timestamp)})",
            _ => NotPortable(),
        };
    }

    /// <summary><see cref="SourceValues.Bool"/> as the canonical tables store a boolean (1/0, NULL when unreadable).</summary>
    public string Bool(string key)
    {
        if (!_columns.TryGetValue(key, out var c))
        {
            return Null(ColumnType.Boolean);
        }

        var q = _engine.Quote(c.Name);
        return c.Type switch
        {
            ColumnType.Boolean or ColumnType.Integer => $"CASE {q} WHEN 1 THEN 1 WHEN 0 THEN 0 END",
            ColumnType.Text => $"CASE WHEN LOWER(TRIM({q})) IN ('true', 't', 'yes', 'y', '1') THEN 1 WHEN LOWER(TRIM({q})) IN ('false', 'f', 'no', 'n', '0') THEN 0 END",
            _ => NotPortable(),
        };
    }

    // A field the file lacks: NULL of the field's type (PostgreSQL resolves no function on an untyped NULL).
    private string Null(ColumnType type) => $"CAST(NULL AS {Type(type)})";

    private string NotPortable()
    {
        Portable = false;
        return "NULL";
    }
}
