using System.Data.Common;
using System.Text;
using DuckDB.NET.Data;
using LeanML.Ingestion;
using LeanML.Ingestion.Internal;

namespace LeanML.Storage.DuckDb;

/// <summary>
/// DuckDB: the embedded analytical warehouse (<c>.leanml/warehouse.duckdb</c>). Parameters are <c>$name</c>; a file's
/// load goes in as Arrow batches (<see cref="DuckDbArrowSink"/>), copies of small tables through its appender. One
/// process may hold the file for writing, or many for reading, never both: LeanML opens it for one operation at a time
/// (see <see cref="WarehouseLock"/>).
/// </summary>
public sealed class DuckDbEngine : StorageEngine
{
    private DuckDbEngine()
    {
    }

    /// <summary>The one instance.</summary>
    public static DuckDbEngine Instance { get; } = new();

    /// <inheritdoc/>
    public override string Name => "duckdb";

    /// <inheritdoc/>
    public override bool HasSchemas => true;

    /// <inheritdoc/>
    public override string BigInt => "BIGINT";

    /// <inheritdoc/>
    public override string Real => "DOUBLE";

    /// <inheritdoc/>
    public override string Text => "VARCHAR";

    /// <inheritdoc/>
    public override string? UserSchema => "main";

    /// <inheritdoc/>
    public override bool KeepsAnalyticCopies => true;

    /// <summary>
    /// LeanML's limit, not DuckDB's (which has none documented): its CREATE TABLE alone takes about 2 s at 20,000 columns,
    /// 14 s at 100,000 and 27 s at 200,000 (DuckDB 1.5, 2 cores), so a wider file fails at once instead.
    /// </summary>
    public override int MaxColumns => 20_000;

    /// <inheritdoc/>
    public override void StreamResults(DbCommand command)
    {
        if (command is DuckDBCommand duckdb)
        {
            duckdb.UseStreamingMode = true;
        }
    }

    /// <inheritdoc/>
    /// <remarks>DuckDB names a repeated column of a subquery 'a_1', 'a_2'; DESCRIBE binds the query without running it.</remarks>
    public override string? QueryColumnsSql(string query) => $"DESCRIBE (\n{query}\n)";

    /// <inheritdoc/>
    public override string UserTablesSql =>
        "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'main' AND table_type = 'BASE TABLE' AND table_catalog = current_database() ORDER BY table_name";

    /// <inheritdoc/>
    public override string UserViewsSql =>
        "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'main' AND table_type = 'VIEW' AND table_catalog = current_database() ORDER BY table_name";

    /// <summary>The connection string of a DuckDB file; read-only opens cannot reach other files or change settings.</summary>
    public static string ConnectionString(string path, bool readOnly = false)
    {
        var builder = new DuckDBConnectionStringBuilder { DataSource = path };
        if (readOnly)
        {
            builder["access_mode"] = "READ_ONLY";
            builder["enable_external_access"] = "false";
            builder["lock_configuration"] = "true";
        }

        return builder.ConnectionString;
    }

    /// <summary>DuckDB.NET names types by its enum (BigInt, UnsignedInteger, TimestampTz): here as DuckDB's SQL does.</summary>
    public override string TypeName(string providerName) => providerName switch
    {
        _ when providerName.StartsWith("Unsigned", StringComparison.Ordinal) => "U" + providerName["Unsigned".Length..].ToUpperInvariant(),
        "TimestampS" or "TimestampMs" or "TimestampNs" => "TIMESTAMP_" + providerName["Timestamp".Length..].ToUpperInvariant(),
        _ => providerName.ToUpperInvariant(),
    };

    /// <inheritdoc/>
    public override string ReadOnlyConnectionString(string connectionString) =>
        ConnectionString(new DuckDBConnectionStringBuilder { ConnectionString = connectionString }.DataSource, readOnly: true);

    /// <inheritdoc/>
    public override IEnumerable<string> CreateAutoIdTable(string name, string otherColumns)
    {
        var sequence = $"leanml.{Quote(name + "_id")}";
        yield return $"CREATE SEQUENCE {sequence}";
        yield return $"CREATE TABLE {Meta(name)} (id BIGINT PRIMARY KEY DEFAULT nextval('{sequence.Replace("'", "''", StringComparison.Ordinal)}'), {otherColumns})";
    }

    /// <inheritdoc/>
    public override string SqlType(ColumnType type) => type switch
    {
        ColumnType.Integer or ColumnType.Boolean => "BIGINT",
        ColumnType.Real or ColumnType.Money => "DOUBLE",
        ColumnType.Date => "DATE",
        ColumnType.Timestamp => "TIMESTAMP",
        _ => "VARCHAR",
    };

    /// <inheritdoc/>
    public override string PrepareSql(string sql)
    {
        // @name → $name outside quotes and comments: LeanML's SQL is written once with @name for every engine.
        if (!sql.Contains('@', StringComparison.Ordinal))
        {
            return sql;
        }

        var sb = new StringBuilder(sql.Length);
        var quote = '\0';
        for (var i = 0; i < sql.Length; i++)
        {
            var c = sql[i];
            if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == '@' && i + 1 < sql.Length && (char.IsLetter(sql[i + 1]) || sql[i + 1] == '_'))
            {
                c = '$';
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    internal override async Task<RowSink> StartBulkLoadAsync(Database database, DbTransaction transaction, string table, IReadOnlyList<string> columns, string loadId, CancellationToken cancellationToken) =>
        await DuckDbArrowSink.StartAsync(database, transaction, table, columns, loadId, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public override RowWriter StartRowWriter(Database database, DbTransaction transaction, string? schema, string table, int columns) =>
        new DuckDbRowWriter((DuckDBConnection)database.Connection, schema, table);

    internal override Task<RowSink> StartBatchCopyAsync(Database database, DbTransaction transaction, string schema, string table, int columns, CancellationToken cancellationToken) =>
        Task.FromResult<RowSink>(new DuckDbAppenderSink((DuckDBConnection)database.Connection, schema, table));

    internal override async Task<RowSink> StartUpsertAsync(Database database, DbTransaction transaction, string table, IReadOnlyList<string> columns, int keyIndex, string loadId, CancellationToken cancellationToken) =>
        await DuckDbUpsertSink.StartAsync(database, transaction, table, columns, keyIndex, loadId, cancellationToken).ConfigureAwait(false);

    internal override async Task<DbConnection> OpenConnectionAsync(string connectionString, bool readOnly, CancellationToken cancellationToken)
    {
        var connection = new DuckDBConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>True when DuckDB refused to open a file because another process holds its lock.</summary>
    internal static bool IsLockConflict(Exception ex) =>
        ex is DuckDBException && (ex.Message.Contains("Could not set lock", StringComparison.OrdinalIgnoreCase) || ex.Message.Contains("Conflicting lock", StringComparison.OrdinalIgnoreCase));
}
