using System.Data.Common;
using LeanML.Ingestion;
using LeanML.Ingestion.Internal;
using Microsoft.Data.Sqlite;

namespace LeanML.Storage.Sqlite;

/// <summary>
/// SQLite: the embedded state store (runs, tokens, experiments, events, the prediction log), where the CLI and the
/// server make many small commits at once, which its WAL serves well. It holds no user tables (the warehouse is DuckDB);
/// a retired SQLite warehouse is only read, by <c>leanml migrate-warehouse</c>.
/// </summary>
public sealed class SqliteEngine : StorageEngine
{
    /// <summary>How long a writer waits for another writer before failing.</summary>
    public const int BusyTimeoutMilliseconds = 10_000;

    private SqliteEngine()
    {
    }

    /// <summary>The one instance.</summary>
    public static SqliteEngine Instance { get; } = new();

    /// <inheritdoc/>
    public override string Name => "sqlite";

    /// <inheritdoc/>
    public override FullTextSearch? FullText => SqliteFullTextSearch.Instance;

    /// <inheritdoc/>
    public override bool HasSchemas => false;

    /// <inheritdoc/>
    public override string BigInt => "INTEGER";

    /// <inheritdoc/>
    public override string Real => "REAL";

    /// <inheritdoc/>
    public override string? UserSchema => null;

    /// <inheritdoc/>
    public override string UserTablesSql =>
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'leanml!_%' ESCAPE '!' AND name NOT LIKE 'sqlite!_%' ESCAPE '!' ORDER BY name";

    /// <inheritdoc/>
    public override bool ComparesTextAsBytes => true;

    /// <summary>Reads a covering index through memory mapping and a larger page cache: a scan then costs no system call per page.</summary>
    public override string? LongScanSetup => "PRAGMA mmap_size = 2147418112; PRAGMA cache_size = -131072;";

    /// <inheritdoc/>
    public override bool SplitsScansAcrossConnections => true;

    /// <summary>The connection string LeanML uses for a SQLite file.</summary>
    public static string ConnectionString(string path, bool readOnly = false) =>
        new SqliteConnectionStringBuilder { DataSource = path, Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate, Pooling = true, DefaultTimeout = BusyTimeoutMilliseconds / 1000 }.ToString();

    /// <inheritdoc/>
    public override string? LockWaitSql(TimeSpan wait) => $"PRAGMA busy_timeout={(long)wait.TotalMilliseconds}";

    /// <inheritdoc/>
    public override IEnumerable<string> CreateAutoIdTable(string name, string otherColumns)
    {
        yield return $"CREATE TABLE {Meta(name)} (id INTEGER PRIMARY KEY AUTOINCREMENT, {otherColumns})";
    }

    /// <inheritdoc/>
    public override string SqlType(ColumnType type) => type switch
    {
        ColumnType.Integer or ColumnType.Boolean => "INTEGER",
        ColumnType.Real or ColumnType.Money => "REAL",
        _ => "TEXT",
    };

    internal override Task<RowSink> StartBulkLoadAsync(Database database, DbTransaction transaction, string table, IReadOnlyList<string> columns, object loadId, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The SQLite state store holds no user tables; tables load into the warehouse.");

    /// <inheritdoc/>
    public override string ExistingOnlyConnectionString(string connectionString) =>
        new SqliteConnectionStringBuilder(connectionString) { Mode = SqliteOpenMode.ReadWrite }.ToString();

    /// <inheritdoc/>
    public override string Location(string connectionString) => new SqliteConnectionStringBuilder(connectionString).DataSource;

    internal override async Task<DbConnection> OpenConnectionAsync(string connectionString, bool readOnly, CancellationToken cancellationToken)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (!readOnly && builder.DataSource is { Length: > 0 } path && Path.GetDirectoryName(Path.GetFullPath(path)) is { } dir)
        {
            Directory.CreateDirectory(dir);
        }

        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            // WAL lets readers go on while one writer writes; the busy timeout makes a second writer wait, not fail.
            using var pragma = connection.CreateCommand();
            pragma.CommandText = readOnly
                ? $"PRAGMA busy_timeout={BusyTimeoutMilliseconds};"
                : $"PRAGMA journal_mode=WAL; PRAGMA busy_timeout={BusyTimeoutMilliseconds}; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;";
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            if (!readOnly && SQLitePCL.raw.sqlite3_db_readonly(connection.Handle, "main") == 1)
            {
                // SQLite opens a file it cannot write read-only without a word; pooled, that connection would keep
                // failing every write after the file became writable again. Dropped from the pool instead.
                SqliteConnection.ClearPool(connection);
                throw new SqliteException("attempt to write a readonly database", 8);
            }

            return connection;
        }
        catch (Exception ex) when (ex is SqliteException or ArgumentException or InvalidOperationException)
        {
            SqliteConnection.ClearPool(connection);
            await connection.DisposeAsync().ConfigureAwait(false);
            throw EnvironmentFaults.Classify(ex) is { } fault
                ? new LeanMLEnvironmentException($"cannot open the state store: {fault.Message}", ex)
                : new LeanMLEnvironmentException($"cannot open the SQLite state store: {ex.Message}. Check that the folder is writable and the disk has room.", ex);
        }
    }
}
