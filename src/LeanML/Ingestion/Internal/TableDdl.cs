using System.Data.Common;
using System.Globalization;
using LeanML.Storage;

namespace LeanML.Ingestion.Internal;

/// <summary>The DDL of ingested tables, inside the load's transaction (DuckDB and PostgreSQL both roll DDL back).</summary>
internal static class TableDdl
{
    /// <summary>
    /// The lineage column holding the load id of each row: a number (BIGINT). Tables made before 2026-12 hold it as text;
    /// loads into them still write text (see <see cref="LoadIdValueAsync"/>). As text, DuckDB stored the one value of a
    /// load's rows at the cost of a string column (statistics, dictionary analysis: 1M rows x 10 columns, read_csv into a
    /// table with a constant text column 1.50 s, with a constant BIGINT 1.32 s, medians of 6 runs in turns).
    /// </summary>
    public const string LoadIdColumn = "_load_id";

    /// <summary>The lineage column holding the source line of each row.</summary>
    public const string SourceLineColumn = "_source_line";

    /// <summary>The lineage columns every ingested table has besides the file's.</summary>
    public const int LineageColumnCount = 2;

    /// <summary>True when a user table of that name exists.</summary>
    public static async Task<bool> ExistsAsync(Database w, DbTransaction? tx, string table, CancellationToken ct)
    {
        await using var cmd = w.Command($"SELECT COUNT(*) FROM ({w.Engine.UserTablesSql}) t WHERE t.name = @n", tx);
        cmd.Bind("@n", table);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>Creates the table with its columns and the two lineage columns.</summary>
    public static Task CreateAsync(Database w, DbTransaction tx, string table, IReadOnlyList<ColumnInfo> columns, CancellationToken ct) =>
        ExecuteAsync(w, tx, $"CREATE TABLE {SqlNames.Quote(table)} ({Definitions(w.Engine, columns)})", ct);

    /// <summary>Drops the table if it exists.</summary>
    public static Task DropAsync(Database w, DbTransaction tx, string table, CancellationToken ct) =>
        ExecuteAsync(w, tx, $"DROP TABLE IF EXISTS {SqlNames.Quote(table)}", ct);

    /// <summary>Adds a NULL-filled column.</summary>
    public static Task AddColumnAsync(Database w, DbTransaction tx, string table, ColumnInfo column, CancellationToken ct) =>
        ExecuteAsync(w, tx, $"ALTER TABLE {SqlNames.Quote(table)} ADD COLUMN {SqlNames.Quote(column.Name)} {w.Engine.SqlType(column.Type)}", ct);

    /// <summary>Changes the storage type of widened columns, converting existing values.</summary>
    public static Task WidenAsync(Database w, DbTransaction tx, string table, IReadOnlyList<ColumnInfo> before, IReadOnlyList<ColumnInfo> after, CancellationToken ct) =>
        w.Engine.WidenAsync(w, tx, table, before, after, ct);

    /// <summary>
    /// The load id as the table's <c>_load_id</c> column holds it: a long, or the text of a table made when load ids
    /// were stored as text.
    /// </summary>
    public static async Task<object> LoadIdValueAsync(Database w, DbTransaction? tx, string table, string loadId, CancellationToken ct)
    {
        await using var cmd = w.Command($"SELECT {SqlNames.Quote(LoadIdColumn)} FROM {SqlNames.Quote(table)} WHERE 1 = 0", tx);
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return reader.GetFieldType(0) == typeof(string) ? loadId : long.Parse(loadId, CultureInfo.InvariantCulture);
    }

    private static string Definitions(StorageEngine d, IEnumerable<ColumnInfo> columns) =>
        string.Join(", ", columns.Select(c => $"{SqlNames.Quote(c.Name)} {d.SqlType(c.Type)}")
            .Append($"{SqlNames.Quote(LoadIdColumn)} {d.BigInt} NOT NULL")
            .Append($"{SqlNames.Quote(SourceLineColumn)} {d.BigInt} NOT NULL"));

    private static async Task ExecuteAsync(Database w, DbTransaction tx, string sql, CancellationToken ct)
    {
        await using var cmd = w.Command(sql, tx);
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
