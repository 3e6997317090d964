using System.Data.Common;
using System.Globalization;
using LeanML.Storage;

namespace LeanML.Ingestion.Internal;

/// <summary>The DDL of ingested tables, inside the load's transaction (both SQLite and PostgreSQL roll DDL back).</summary>
internal static class TableDdl
{
    /// <summary>The lineage column holding the load id of each row.</summary>
    public const string LoadIdColumn = "_load_id";

    /// <summary>The lineage column holding the source line of each row.</summary>
    public const string SourceLineColumn = "_source_line";

    /// <summary>True when a user table of that name exists.</summary>
    public static async Task<bool> ExistsAsync(Warehouse w, DbTransaction? tx, string table, CancellationToken ct)
    {
        var sql = w.Dialect.IsSqlite
            ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = @n"
            : "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name = @n";
        await using var cmd = w.Command(sql, tx);
        var p = cmd.CreateParameter();
        p.ParameterName = "@n";
        p.Value = table;
        cmd.Parameters.Add(p);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>Creates the table with its columns and the two lineage columns.</summary>
    public static Task CreateAsync(Warehouse w, DbTransaction tx, string table, IReadOnlyList<ColumnInfo> columns, CancellationToken ct) =>
        ExecuteAsync(w, tx, $"CREATE TABLE {SqlNames.Quote(table)} ({Definitions(w.Dialect, columns)})", ct);

    /// <summary>Drops the table if it exists.</summary>
    public static Task DropAsync(Warehouse w, DbTransaction tx, string table, CancellationToken ct) =>
        ExecuteAsync(w, tx, $"DROP TABLE IF EXISTS {SqlNames.Quote(table)}", ct);

    /// <summary>Adds a NULL-filled column.</summary>
    public static Task AddColumnAsync(Warehouse w, DbTransaction tx, string table, ColumnInfo column, CancellationToken ct) =>
        ExecuteAsync(w, tx, $"ALTER TABLE {SqlNames.Quote(table)} ADD COLUMN {SqlNames.Quote(column.Name)} {column.Type.SqlType(w.Dialect)}", ct);

    /// <summary>
    /// Changes the storage type of widened columns, converting existing values: ALTER COLUMN … TYPE … USING in
    /// PostgreSQL; in SQLite (which cannot alter a column's type) a copy into a new table that then takes the old name.
    /// </summary>
    public static async Task WidenAsync(Warehouse w, DbTransaction tx, string table, IReadOnlyList<ColumnInfo> before, IReadOnlyList<ColumnInfo> after, CancellationToken ct)
    {
        var q = SqlNames.Quote(table);
        if (!w.Dialect.IsSqlite)
        {
            foreach (var col in after)
            {
                var old = before.FirstOrDefault(c => c.Name == col.Name);
                if (old is not null && old.Type.SqlType(w.Dialect) != col.Type.SqlType(w.Dialect))
                {
                    var type = col.Type.SqlType(w.Dialect);
                    await ExecuteAsync(w, tx, $"ALTER TABLE {q} ALTER COLUMN {SqlNames.Quote(col.Name)} TYPE {type} USING {SqlNames.Quote(col.Name)}::{type}", ct).ConfigureAwait(false);
                }
            }

            return;
        }

        var rebuild = SqlNames.Quote(table + "__leanml_rebuild");
        var kept = after.Where(c => before.Any(b => b.Name == c.Name)).ToList();
        await ExecuteAsync(w, tx, $"CREATE TABLE {rebuild} ({Definitions(w.Dialect, kept)})", ct).ConfigureAwait(false);
        var names = string.Join(", ", kept.Select(c => SqlNames.Quote(c.Name)).Append(SqlNames.Quote(LoadIdColumn)).Append(SqlNames.Quote(SourceLineColumn)));
        var select = string.Join(", ", kept.Select(c => $"CAST({SqlNames.Quote(c.Name)} AS {c.Type.SqlType(w.Dialect)})").Append(SqlNames.Quote(LoadIdColumn)).Append(SqlNames.Quote(SourceLineColumn)));
        await ExecuteAsync(w, tx, $"INSERT INTO {rebuild} ({names}) SELECT {select} FROM {q}", ct).ConfigureAwait(false);
        await ExecuteAsync(w, tx, $"DROP TABLE {q}", ct).ConfigureAwait(false);
        await ExecuteAsync(w, tx, $"ALTER TABLE {rebuild} RENAME TO {q}", ct).ConfigureAwait(false);
    }

    /// <summary>An index on the upsert key, so each row's lookup is not a table scan.</summary>
    public static Task IndexKeyAsync(Warehouse w, DbTransaction tx, string table, string key, CancellationToken ct) =>
        ExecuteAsync(w, tx, $"CREATE INDEX IF NOT EXISTS {SqlNames.Quote($"ix_{table}_{key}")} ON {SqlNames.Quote(table)} ({SqlNames.Quote(key)})", ct);

    private static string Definitions(SqlDialect d, IEnumerable<ColumnInfo> columns) =>
        string.Join(", ", columns.Select(c => $"{SqlNames.Quote(c.Name)} {c.Type.SqlType(d)}")
            .Append($"{SqlNames.Quote(LoadIdColumn)} TEXT NOT NULL")
            .Append($"{SqlNames.Quote(SourceLineColumn)} {d.BigInt} NOT NULL"));

    private static async Task ExecuteAsync(Warehouse w, DbTransaction tx, string sql, CancellationToken ct)
    {
        await using var cmd = w.Command(sql, tx);
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
