using System.Data.Common;
using System.Globalization;
using LeanML.Ingestion.Internal;

namespace LeanML.Storage.DuckDb;

/// <summary>
/// Upsert on DuckDB as set operations: the file's rows go through the bulk path into a temporary staging table, then one
/// UPDATE … FROM replaces the rows whose key exists and one INSERT adds the others, the last row of each key winning
/// (DuckDB runs a statement over a million rows faster than a million one-row statements, and an index on the key
/// would block later ALTERs of the table).
/// </summary>
internal sealed class DuckDbUpsertSink : RowSink
{
    private const string Staging = "__leanml_upsert";

    private readonly Database _database;
    private readonly DbTransaction _transaction;
    private readonly string _table;
    private readonly IReadOnlyList<string> _columns;
    private readonly string _key;
    private readonly DuckDbArrowSink _staging;
    private long _duplicates;

    private DuckDbUpsertSink(Database database, DbTransaction transaction, string table, IReadOnlyList<string> columns, string key, DuckDbArrowSink staging)
    {
        _database = database;
        _transaction = transaction;
        _table = table;
        _columns = columns;
        _key = key;
        _staging = staging;
    }

    public override long Duplicates => _duplicates;

    public static async Task<DuckDbUpsertSink> StartAsync(Database database, DbTransaction transaction, string table, IReadOnlyList<string> columns, int keyIndex, object loadId, CancellationToken cancellationToken)
    {
        var names = string.Join(", ", columns.Select(SqlNames.Quote));
        await ExecuteAsync(database, transaction, $"CREATE OR REPLACE TEMP TABLE {SqlNames.Quote(Staging)} AS SELECT {names} FROM {SqlNames.Quote(table)} WHERE false", cancellationToken).ConfigureAwait(false);
        var staging = await DuckDbArrowSink.StartAsync(database, transaction, Staging, columns, loadId, cancellationToken).ConfigureAwait(false);
        return new DuckDbUpsertSink(database, transaction, table, columns, columns[keyIndex], staging);
    }

    public override ValueTask<long> WriteAsync(RowBatch batch, CancellationToken cancellationToken) => _staging.WriteAsync(batch, cancellationToken);

    public override async ValueTask<long> CompleteAsync(CancellationToken cancellationToken)
    {
        await _staging.CompleteAsync(cancellationToken).ConfigureAwait(false);
        var t = SqlNames.Quote(_table);
        var s = SqlNames.Quote(Staging);
        var k = SqlNames.Quote(_key);
        var line = SqlNames.Quote(_columns[^1]);
        var staged = await ScalarAsync($"SELECT COUNT(*) FROM {s}", cancellationToken).ConfigureAwait(false);
        var keys = await ScalarAsync($"SELECT COUNT(DISTINCT {k}) FROM {s}", cancellationToken).ConfigureAwait(false);
        _duplicates = staged - keys;

        // The last row of each key in file order wins.
        var last = $"(SELECT * FROM {s} QUALIFY row_number() OVER (PARTITION BY {k} ORDER BY {line} DESC) = 1)";
        var updated = await ScalarAsync($"SELECT COUNT(*) FROM (SELECT DISTINCT {k} FROM {s}) n WHERE EXISTS (SELECT 1 FROM {t} WHERE {t}.{k} = n.{k})", cancellationToken).ConfigureAwait(false);
        var sets = string.Join(", ", _columns.Select(c => $"{SqlNames.Quote(c)} = u.{SqlNames.Quote(c)}"));
        await ExecuteAsync(_database, _transaction, $"UPDATE {t} SET {sets} FROM {last} u WHERE {t}.{k} = u.{k}", cancellationToken).ConfigureAwait(false);
        var names = string.Join(", ", _columns.Select(SqlNames.Quote));
        await ExecuteAsync(_database, _transaction, $"INSERT INTO {t} ({names}) SELECT {names} FROM {last} u WHERE NOT EXISTS (SELECT 1 FROM {t} WHERE {t}.{k} = u.{k})", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(_database, _transaction, $"DROP TABLE {s}", cancellationToken).ConfigureAwait(false);
        return updated;
    }

    public override ValueTask DisposeAsync() => _staging.DisposeAsync();

    private async Task<long> ScalarAsync(string sql, CancellationToken cancellationToken)
    {
        await using var cmd = _database.Command(sql, _transaction);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(Database database, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var cmd = database.Command(sql, transaction);
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
