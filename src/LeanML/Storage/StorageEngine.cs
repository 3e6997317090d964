using System.Data.Common;
using LeanML.Ingestion;
using LeanML.Ingestion.Internal;

namespace LeanML.Storage;

/// <summary>
/// One database engine behind one seam (dbt's adapters, Dapper's FeatureSupport): its dialect (quoting, types,
/// parameters), catalog queries, bulk load and feature flags. Capabilities ask the engine; they never test which
/// engine they have. Adding an engine is a new subclass in its own folder and a test provider.
/// </summary>
public abstract class StorageEngine
{
    /// <summary>The engine's name as shown to users ("duckdb", "postgres", "sqlite").</summary>
    public abstract string Name { get; }

    /// <summary>Metadata tables live in schema <c>leanml</c> (DuckDB, PostgreSQL) or under the prefix <c>leanml_</c> (SQLite).</summary>
    public abstract bool HasSchemas { get; }

    /// <summary>The qualified, quoted name of a metadata table (<c>leanml."x"</c> or <c>"leanml_x"</c>).</summary>
    public string Meta(string name) => HasSchemas ? $"leanml.{SqlNames.Quote(name)}" : SqlNames.Quote("leanml_" + name);

    /// <summary>The quoted name of an index on a metadata table (index names are per schema, or global in SQLite).</summary>
    public string MetaIndex(string name) => SqlNames.Quote(HasSchemas ? name : "leanml_" + name);

    /// <summary>Quotes an identifier that may come from data (a column or table name): doubled quotes, always.</summary>
    public string Quote(string identifier) => SqlNames.Quote(identifier);

    /// <summary>64-bit integer column type.</summary>
    public abstract string BigInt { get; }

    /// <summary>Double-precision column type.</summary>
    public abstract string Real { get; }

    /// <summary>Text column type.</summary>
    public virtual string Text => "TEXT";

    /// <summary>The statements that create a metadata table whose first column <c>id</c> numbers rows by itself.</summary>
    public abstract IEnumerable<string> CreateAutoIdTable(string name, string otherColumns);

    /// <summary>The schema user tables go to (null where there is one namespace).</summary>
    public abstract string? UserSchema { get; }

    /// <summary>The SQL column type that stores a logical column type.</summary>
    public abstract string SqlType(ColumnType type);

    /// <summary>
    /// The SQL as this engine takes it: LeanML writes parameters as <c>@name</c> (SQLite, PostgreSQL); DuckDB takes
    /// <c>$name</c>. Only LeanML's own SQL goes through here, never a user's.
    /// </summary>
    public virtual string PrepareSql(string sql) => sql;

    /// <summary>The query listing user tables (one column, <c>name</c>), sorted.</summary>
    public abstract string UserTablesSql { get; }

    /// <summary>The query listing user views (one column, <c>name</c>), sorted; null where the engine keeps none.</summary>
    public virtual string? UserViewsSql => null;

    /// <summary>A statement run first in a migration's transaction so two processes migrate one after the other; null when the engine serialises writers itself.</summary>
    public virtual string? MigrationLockSql => null;

    /// <summary>The most columns a table can have (an ingest of a wider file fails before it creates anything).</summary>
    public virtual int MaxColumns => int.MaxValue;

    /// <summary>What limit of the engine an error says a table or row went past (too many columns, a row too big); null for other errors.</summary>
    public virtual string? LimitExceeded(DbException error) => null;

    /// <summary>Text compares byte by byte (SQLite's BINARY collation), so a range of names can stand for a list of them.</summary>
    public virtual bool ComparesTextAsBytes => false;

    /// <summary>Statements that speed up a long read-only scan on this connection (null when there are none).</summary>
    public virtual string? LongScanSetup => null;

    /// <summary>
    /// Makes <paramref name="command"/>'s reader hand rows over as the engine produces them instead of holding the whole
    /// result first (DuckDB materialises a result before its first row unless asked not to), so a long scan read row by
    /// row keeps the memory of a few chunks. Nothing to do where results already stream.
    /// </summary>
    public virtual void StreamResults(DbCommand command)
    {
    }

    /// <summary>A long aggregate runs faster split into slices on sibling connections (the engine does not parallelise one query itself).</summary>
    public virtual bool SplitsScansAcrossConnections => false;

    /// <summary>
    /// A statement giving the column names of a query as the query itself names them (first column), when wrapping
    /// the query in a subquery would rename duplicates; null when a subquery keeps the names as they are.
    /// </summary>
    public virtual string? QueryColumnsSql(string query) => null;

    /// <summary>
    /// As a warehouse, a database of its own beside the state store: it keeps an analytic copy of the events,
    /// assignments and prediction log (refreshed by every open for writing) so analyses join them with its tables.
    /// </summary>
    public virtual bool KeepsAnalyticCopies => false;

    /// <summary>
    /// A query over rows its own transaction wrote runs on one thread (DuckDB sizes a table's parallel scan by its
    /// committed rows), so long work over a load's rows is left to run after the load commits, in a transaction of
    /// its own. Only where one process holds the database while it writes, so no other reader sees between the two.
    /// </summary>
    public virtual bool ScansOwnWritesOnOneThread => false;

    /// <summary>
    /// Holds loads into <paramref name="table"/> to one at a time across processes until disposed, so that "these bytes
    /// were loaded already" holds when the same file is ingested twice at once. DuckDB has one writing process anyway.
    /// </summary>
    internal virtual Task<IAsyncDisposable?> LockLoadsAsync(Database database, string table, CancellationToken cancellationToken) =>
        Task.FromResult<IAsyncDisposable?>(null);

    /// <summary>
    /// Starts the fastest bulk path of the engine inside <paramref name="transaction"/> for <paramref name="columns"/>
    /// (the file's columns, then <c>_load_id</c> and <c>_source_line</c>); <paramref name="loadId"/> is the load id as
    /// the table holds it (<see cref="Ingestion.Internal.TableDdl.LoadIdValueAsync"/>).
    /// </summary>
    internal abstract Task<RowSink> StartBulkLoadAsync(Database database, DbTransaction transaction, string table, IReadOnlyList<string> columns, object loadId, CancellationToken cancellationToken);

    /// <summary>Starts writing whole rows of plain values into <paramref name="table"/> inside <paramref name="transaction"/>.</summary>
    public RowWriter StartRowWriter(Database database, DbTransaction transaction, string table, int columns) =>
        StartRowWriter(database, transaction, null, table, columns);

    /// <summary>Starts writing whole rows of plain values into <paramref name="schema"/>.<paramref name="table"/> inside <paramref name="transaction"/>.</summary>
    public virtual RowWriter StartRowWriter(Database database, DbTransaction transaction, string? schema, string table, int columns) =>
        new RowWriter.Insert(database, transaction, schema is null ? SqlNames.Quote(table) : $"{SqlNames.Quote(schema)}.{SqlNames.Quote(table)}", columns);

    /// <summary>
    /// Starts copying batches of rows into every column of <paramref name="schema"/>.<paramref name="table"/>, in the
    /// table's order, inside <paramref name="transaction"/> (the analytic copy): the engine's bulk path where it has one.
    /// </summary>
    internal virtual Task<RowSink> StartBatchCopyAsync(Database database, DbTransaction transaction, string schema, string table, int columns, CancellationToken cancellationToken) =>
        Task.FromResult<RowSink>(new RowWriterSink(StartRowWriter(database, transaction, schema, table, columns)));

    /// <summary>
    /// Starts an upsert by key inside <paramref name="transaction"/>: rows whose key matches replace the table's rows,
    /// the rest are inserted; within the load, the last row of a key wins.
    /// </summary>
    internal virtual Task<RowSink> StartUpsertAsync(Database database, DbTransaction transaction, string table, IReadOnlyList<string> columns, int keyIndex, object loadId, CancellationToken cancellationToken) =>
        Task.FromResult<RowSink>(new UpsertSink(database, transaction, table, columns, keyIndex, loadId));

    /// <summary>Changes the storage type of widened columns of a user table, converting existing values.</summary>
    internal virtual async Task WidenAsync(Database database, DbTransaction transaction, string table, IReadOnlyList<ColumnInfo> before, IReadOnlyList<ColumnInfo> after, CancellationToken cancellationToken)
    {
        foreach (var col in after)
        {
            var old = before.FirstOrDefault(c => c.Name == col.Name);
            if (old is not null && SqlType(old.Type) != SqlType(col.Type))
            {
                var type = SqlType(col.Type);
                await using var cmd = database.Command($"ALTER TABLE {Quote(table)} ALTER COLUMN {Quote(col.Name)} TYPE {type} USING {WidenExpression(Quote(col.Name), old.Type, col.Type)}", transaction);
                await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The expression converting a stored value of one logical type to the storage of a wider one.</summary>
    protected virtual string WidenExpression(string column, ColumnType from, ColumnType to) =>
        to == ColumnType.Text && from == ColumnType.Timestamp
            ? $"replace(CAST({column} AS TEXT), ' ', 'T') || 'Z'"
            : $"CAST({column} AS {SqlType(to)})";

    /// <summary>A result column's type as the engine's SQL names it, from its provider's data type name.</summary>
    public virtual string TypeName(string providerName) => providerName;

    /// <summary>
    /// A result cell for printing (<see cref="Ingestion.WarehouseCatalog.Plain"/> takes it): the provider's value, or,
    /// for the types .NET has no faithful value for (an INTERVAL's months, a BLOB's bytes), the engine's own text of it.
    /// </summary>
    public virtual object ReadValue(DbDataReader reader, int ordinal)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return reader.GetValue(ordinal);
    }

    /// <summary>The connection string of a read-only connection to the same database.</summary>
    public virtual string ReadOnlyConnectionString(string connectionString) => connectionString;

    /// <summary>The connection string that opens the same database only if it exists (never creates one): SQLite's file mode; a server's database as it is.</summary>
    public virtual string ExistingOnlyConnectionString(string connectionString) => connectionString;

    /// <summary>Where a database is, for messages: its file, or the engine's name for a server.</summary>
    public virtual string Location(string connectionString) => Name;

    /// <summary>The statement that makes a connection wait at most <paramref name="wait"/> for another writer's lock (null: the engine fails at once).</summary>
    public virtual string? LockWaitSql(TimeSpan wait) => null;

    /// <summary>The engine's full-text search (a state store's reports index), or null where it has none.</summary>
    public virtual FullTextSearch? FullText => null;

    /// <summary>Opens a connection of this engine.</summary>
    internal abstract Task<DbConnection> OpenConnectionAsync(string connectionString, bool readOnly, CancellationToken cancellationToken);
}
