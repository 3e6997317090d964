using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using LeanML.Ingestion;
using LeanML.Storage.DuckDb;
using LeanML.Storage.Migrations;
using LeanML.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace LeanML.Storage;

/// <summary>
/// <c>leanml migrate-warehouse</c>: moves a workspace made before DuckDB, whose one SQLite file held everything, onto the
/// two stores. User tables and the metadata that describes them (ingest log, column metadata, load ids) are copied
/// into a new DuckDB warehouse with their logical types (dates and timestamps stored as text become DATE and
/// TIMESTAMP); runs, promotions, tokens, experiments, events and logs become the SQLite state store. Every table's
/// row count is checked in both. The new files appear only when everything copied; the old file is kept as
/// <c>warehouse.sqlite.bak</c>.
/// </summary>
public static partial class WarehouseMigration
{
    // The metadata tables that describe warehouse data: they move to DuckDB, the other leanml_ tables stay in the state store.
    private static readonly string[] WarehouseMetadata = ["ingest_log", "columns", "load_ids"];

    /// <summary>Migrates the workspace's SQLite warehouse; <paramref name="progress"/> gets one line per table.</summary>
    public static async Task<WarehouseMigrationReport> MigrateAsync(Workspace.Workspace workspace, Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var legacy = workspace.LegacySqlitePath;
        if (!File.Exists(legacy))
        {
            throw new LeanMLInputException($"there is no SQLite warehouse to migrate ({Path.GetRelativePath(workspace.Root, legacy)} does not exist); this workspace already uses DuckDB.", legacy);
        }

        var target = workspace.WarehousePath;
        var state = workspace.StatePath;
        foreach (var existing in new[] { target, state })
        {
            if (File.Exists(existing))
            {
                throw new LeanMLInputException($"{Path.GetFileName(existing)} exists already beside the SQLite warehouse; nothing was changed. Move it aside if it is not needed, then run 'leanml migrate-warehouse' again.", existing);
            }
        }

        var backup = Path.Combine(Path.GetDirectoryName(legacy)!, "warehouse.sqlite.bak");
        if (File.Exists(backup))
        {
            throw new LeanMLInputException("a backup of an earlier migration is in the way; nothing was changed. Move it aside and run again.", backup);
        }

        var stateTemp = state + ".migrating";
        var targetTemp = target + ".migrating";
        DeleteQuietly(stateTemp, targetTemp, targetTemp + ".wal");
        var tables = new List<MigratedTable>();
        try
        {
            await using (var source = new SqliteConnection(SqliteEngine.ConnectionString(legacy)))
            {
                await source.OpenAsync(cancellationToken).ConfigureAwait(false);
                // Everything in the WAL goes into the file first: the backup must hold all of it on its own.
                await ExecuteAsync(source, "PRAGMA wal_checkpoint(TRUNCATE)", cancellationToken).ConfigureAwait(false);
                var userTables = await UserTablesAsync(source, cancellationToken).ConfigureAwait(false);

                progress?.Invoke("state store: runs, promotions, tokens, experiments, events, logs");
                await CopyStateAsync(source, stateTemp, userTables, cancellationToken).ConfigureAwait(false);

                await using var warehouse = await Database.OpenAsync(DuckDbEngine.Instance, DuckDbEngine.ConnectionString(targetTemp), StoreKind.Warehouse, cancellationToken).ConfigureAwait(false);
                var metadata = await ColumnMetadataAsync(source, cancellationToken).ConfigureAwait(false);
                await using var tx = await warehouse.Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                foreach (var table in userTables)
                {
                    tables.Add(await CopyUserTableAsync(source, warehouse, tx, table, metadata.GetValueOrDefault(table) ?? [], cancellationToken).ConfigureAwait(false));
                    progress?.Invoke(string.Create(CultureInfo.InvariantCulture, $"{table}: {tables[^1].Rows:N0} rows"));
                }

                foreach (var meta in WarehouseMetadata)
                {
                    tables.Add(await CopyMetadataAsync(source, warehouse, tx, meta, cancellationToken).ConfigureAwait(false));
                }

                // New load ids continue after the migrated ones.
                var maxId = await ScalarAsync(warehouse, tx, $"SELECT COALESCE(MAX(id), 0) FROM {warehouse.Engine.Meta("load_ids")}", cancellationToken).ConfigureAwait(false);
                if (maxId > 0)
                {
                    await ScalarAsync(warehouse, tx, $"SELECT MAX(nextval('leanml.load_ids_id')) FROM range({maxId.ToString(CultureInfo.InvariantCulture)})", cancellationToken).ConfigureAwait(false);
                }

                await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            SqliteConnection.ClearAllPools();
            // The new stores take their names, then the old file becomes the backup.
            File.Move(targetTemp, target);
            File.Move(stateTemp, state);
            File.Move(legacy, backup);
            DeleteQuietly(legacy + "-wal", legacy + "-shm");
        }
        catch
        {
            SqliteConnection.ClearAllPools();
            DeleteQuietly(stateTemp, targetTemp, targetTemp + ".wal");
            throw;
        }

        var settingsUpdated = UpdateSettings(workspace);
        return new WarehouseMigrationReport(target, state, backup, tables, settingsUpdated, clock.Elapsed.TotalSeconds);
    }

    // A clean copy of the whole file (VACUUM INTO, WAL included), without the user tables and the warehouse metadata.
    private static async Task CopyStateAsync(SqliteConnection source, string stateTemp, IReadOnlyList<string> userTables, CancellationToken ct)
    {
        await using (var vacuum = source.CreateCommand())
        {
            vacuum.CommandText = "VACUUM INTO @path";
            vacuum.Parameters.AddWithValue("@path", stateTemp);
            await vacuum.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        await using var copy = new SqliteConnection(SqliteEngine.ConnectionString(stateTemp));
        await copy.OpenAsync(ct).ConfigureAwait(false);
        foreach (var table in userTables.Concat(WarehouseMetadata.Select(m => "leanml_" + m)))
        {
            await ExecuteAsync(copy, $"DROP TABLE IF EXISTS {SqlNames.Quote(table)}", ct).ConfigureAwait(false);
        }

        var warehouseVersions = string.Join(", ", MigrationRunner.All.Where(m => m.Store == StoreKind.Warehouse).Select(m => m.Version.ToString(CultureInfo.InvariantCulture)));
        await ExecuteAsync(copy, $"DELETE FROM \"leanml_schema_version\" WHERE version IN ({warehouseVersions})", ct).ConfigureAwait(false);
        await ExecuteAsync(copy, "VACUUM", ct).ConfigureAwait(false);
    }

    private static async Task<MigratedTable> CopyUserTableAsync(SqliteConnection source, Database warehouse, DbTransaction tx, string table, IReadOnlyDictionary<string, ColumnType> metadata, CancellationToken ct)
    {
        // The columns in the file's order (added columns come after the lineage columns), typed by LeanML's metadata
        // where it has some, else by SQLite's declared type.
        var columns = new List<(string Name, ColumnType Type)>();
        await using (var info = source.CreateCommand())
        {
            info.CommandText = $"SELECT name, type FROM pragma_table_info({Literal(table)})";
            await using var r = await info.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await r.ReadAsync(ct).ConfigureAwait(false))
            {
                var name = r.GetString(0);
                var declared = r.GetString(1).ToUpperInvariant();
                columns.Add((name, metadata.TryGetValue(name, out var t) ? t
                    : declared.Contains("INT", StringComparison.Ordinal) ? ColumnType.Integer
                    : declared.Contains("REAL", StringComparison.Ordinal) || declared.Contains("FLOA", StringComparison.Ordinal) || declared.Contains("DOUB", StringComparison.Ordinal) ? ColumnType.Real
                    : ColumnType.Text));
            }
        }

        var e = warehouse.Engine;
        await ExecuteAsync(warehouse, tx, $"CREATE TABLE {SqlNames.Quote(table)} ({string.Join(", ", columns.Select(c => $"{SqlNames.Quote(c.Name)} {e.SqlType(c.Type)}"))})", ct).ConfigureAwait(false);
        var sourceRows = await CountAsync(source, table, ct).ConfigureAwait(false);
        await using (var rows = e.StartRowWriter(warehouse, tx, table, columns.Count))
        {
            await using var select = source.CreateCommand();
            select.CommandText = $"SELECT * FROM {SqlNames.Quote(table)}";
            await using var r = await select.ExecuteReaderAsync(ct).ConfigureAwait(false);
            var cells = new object?[columns.Count];
            while (await r.ReadAsync(ct).ConfigureAwait(false))
            {
                for (var i = 0; i < cells.Length; i++)
                {
                    cells[i] = r.IsDBNull(i) ? null : Typed(r.GetValue(i), columns[i].Type, table, columns[i].Name);
                }

                await rows.WriteAsync(cells, ct).ConfigureAwait(false);
            }

            await rows.CompleteAsync(ct).ConfigureAwait(false);
        }

        return Checked(table, sourceRows, await ScalarAsync(warehouse, tx, $"SELECT COUNT(*) FROM {SqlNames.Quote(table)}", ct).ConfigureAwait(false));
    }

    private static async Task<MigratedTable> CopyMetadataAsync(SqliteConnection source, Database warehouse, DbTransaction tx, string meta, CancellationToken ct)
    {
        var name = "leanml_" + meta;
        var sourceRows = await CountAsync(source, name, ct).ConfigureAwait(false);
        await using var select = source.CreateCommand();
        select.CommandText = $"SELECT * FROM {SqlNames.Quote(name)}";
        await using var r = await select.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var names = Enumerable.Range(0, r.FieldCount).Select(r.GetName).ToList();
        await using (var insert = warehouse.Command($"INSERT INTO {warehouse.Engine.Meta(meta)} ({string.Join(", ", names.Select(SqlNames.Quote))}) VALUES ({string.Join(", ", names.Select((_, i) => "@p" + i))})", tx))
        {
            while (await r.ReadAsync(ct).ConfigureAwait(false))
            {
                insert.Parameters.Clear();
                for (var i = 0; i < names.Count; i++)
                {
                    insert.Bind("@p" + i, r.IsDBNull(i) ? null : r.GetValue(i));
                }

                await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
        }

        return Checked(warehouse.Engine.Meta(meta), sourceRows, await ScalarAsync(warehouse, tx, $"SELECT COUNT(*) FROM {warehouse.Engine.Meta(meta)}", ct).ConfigureAwait(false));
    }

    private static MigratedTable Checked(string table, long source, long copied) =>
        source == copied
            ? new MigratedTable(table, source, copied)
            : throw new LeanMLEnvironmentException($"the copy of '{table}' has {copied} rows, the SQLite table {source}; nothing was changed.");

    // A stored SQLite value as the DuckDB column of its logical type takes it.
    private static object Typed(object value, ColumnType type, string table, string column)
    {
        try
        {
            return type switch
            {
                ColumnType.Integer or ColumnType.Boolean => Convert.ToInt64(value, CultureInfo.InvariantCulture),
                ColumnType.Real or ColumnType.Money => Convert.ToDouble(value, CultureInfo.InvariantCulture),
                ColumnType.Date => DateOnly.ParseExact((string)value, "yyyy-MM-dd", CultureInfo.InvariantCulture),
                ColumnType.Timestamp => DateTime.SpecifyKind(DateTime.Parse((string)value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), DateTimeKind.Unspecified),
                _ => value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture)!,
            };
        }
        catch (Exception ex) when (ex is FormatException or InvalidCastException or OverflowException)
        {
            throw new LeanMLInputException($"the value '{value}' of {table}.{column} is not a {type.Name()} as its metadata says; nothing was changed.", field: $"{table}.{column}", inner: ex);
        }
    }

    private static async Task<List<string>> UserTablesAsync(SqliteConnection source, CancellationToken ct)
    {
        await using var cmd = source.CreateCommand();
        cmd.CommandText = SqliteEngine.Instance.UserTablesSql;
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var names = new List<string>();
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            names.Add(r.GetString(0));
        }

        return names;
    }

    private static async Task<Dictionary<string, Dictionary<string, ColumnType>>> ColumnMetadataAsync(SqliteConnection source, CancellationToken ct)
    {
        var all = new Dictionary<string, Dictionary<string, ColumnType>>(StringComparer.Ordinal);
        await using var cmd = source.CreateCommand();
        cmd.CommandText = "SELECT table_name, column_name, type FROM \"leanml_columns\"";
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            if (!all.TryGetValue(r.GetString(0), out var columns))
            {
                all[r.GetString(0)] = columns = new Dictionary<string, ColumnType>(StringComparer.Ordinal);
            }

            columns[r.GetString(1)] = ColumnTypes.Parse(r.GetString(2)) ?? ColumnType.Text;
        }

        return all;
    }

    // leanml.yaml still names the SQLite file: its provider and path lines are changed in place, comments kept.
    private static bool UpdateSettings(Workspace.Workspace workspace)
    {
        if (!workspace.Settings.Warehouse.RetiredSqlite)
        {
            return false;
        }

        var text = File.ReadAllText(workspace.SettingsFile);
        var updated = ProviderLine().Replace(text, "${1}duckdb");
        updated = PathLine().Replace(updated, "${1}.leanml/warehouse.duckdb");
        File.WriteAllText(workspace.SettingsFile + ".tmp", updated);
        File.Move(workspace.SettingsFile + ".tmp", workspace.SettingsFile, overwrite: true);
        return true;
    }

    [GeneratedRegex(@"(?m)^(\s+provider:\s*)sqlite(?=\s*(#.*)?$)")]
    private static partial Regex ProviderLine();

    [GeneratedRegex(@"(?m)^(\s+path:\s*)\S+\.db(?=\s*(#.*)?$)")]
    private static partial Regex PathLine();

    private static async Task<long> CountAsync(SqliteConnection source, string table, CancellationToken ct)
    {
        await using var cmd = source.CreateCommand();
        cmd.CommandText = $"SELECT COUNT(*) FROM {SqlNames.Quote(table)}";
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(Database database, DbTransaction tx, string sql, CancellationToken ct)
    {
        await using var cmd = database.Command(sql, tx);
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static async Task<long> ScalarAsync(Database database, DbTransaction tx, string sql, CancellationToken ct)
    {
        await using var cmd = database.Command(sql, tx);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static void DeleteQuietly(params string[] paths)
    {
        foreach (var path in paths)
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
            }
        }
    }
}
