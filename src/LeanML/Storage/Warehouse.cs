using System.Data.Common;
using LeanML.Storage.Migrations;
using LeanML.Workspace;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace LeanML.Storage;

/// <summary>
/// An open connection to the workspace's warehouse (SQLite by default, PostgreSQL for a team) with its
/// dialect, migrated to the schema this version of LeanML expects.
/// </summary>
public sealed class Warehouse : IAsyncDisposable
{
    /// <summary>How long a SQLite writer waits for another writer before failing.</summary>
    public const int BusyTimeoutMilliseconds = 10_000;

    private Warehouse(DbConnection connection, SqlDialect dialect, string connectionString)
    {
        Connection = connection;
        Dialect = dialect;
        ConnectionString = connectionString;
    }

    /// <summary>The open connection; one writer at a time.</summary>
    public DbConnection Connection { get; }

    /// <summary>The dialect seam for the few SQL differences.</summary>
    public SqlDialect Dialect { get; }

    /// <summary>The connection string, to open further connections (e.g. a background writer).</summary>
    public string ConnectionString { get; }

    /// <summary>Opens the workspace's warehouse and applies pending migrations.</summary>
    public static Task<Warehouse> OpenAsync(Workspace.Workspace workspace, CancellationToken cancellationToken = default)
    {
        var settings = workspace.Settings.Warehouse;
        if (settings.Provider == WarehouseProvider.Sqlite)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(workspace.SqlitePath)!);
            return OpenAsync(WarehouseProvider.Sqlite, SqliteConnectionString(workspace.SqlitePath), cancellationToken);
        }

        var connectionString = Environment.GetEnvironmentVariable(settings.ConnectionEnv);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new LeanMLEnvironmentException(
                $"the workspace uses PostgreSQL, but the environment variable {settings.ConnectionEnv} is not set. " +
                $"Set it to a connection string, e.g. export {settings.ConnectionEnv}='Host=127.0.0.1;Username=leanml;Password=...;Database=leanml'.");
        }

        return OpenAsync(WarehouseProvider.Postgres, connectionString, cancellationToken);
    }

    /// <summary>Opens a warehouse from a provider and connection string, and migrates it.</summary>
    public static async Task<Warehouse> OpenAsync(WarehouseProvider provider, string connectionString, CancellationToken cancellationToken = default)
    {
        var warehouse = await OpenUnmigratedAsync(provider, connectionString, cancellationToken).ConfigureAwait(false);
        try
        {
            await MigrationRunner.ApplyAsync(warehouse, cancellationToken).ConfigureAwait(false);
            return warehouse;
        }
        catch
        {
            await warehouse.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Opens a second connection to the same warehouse (already migrated), e.g. for a background writer.</summary>
    public Task<Warehouse> OpenSiblingAsync(CancellationToken cancellationToken = default) =>
        OpenUnmigratedAsync(Dialect.Provider, ConnectionString, cancellationToken);

    /// <summary>The SQLite connection string LeanML uses for a database file.</summary>
    public static string SqliteConnectionString(string path) =>
        new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true, DefaultTimeout = BusyTimeoutMilliseconds / 1000 }.ToString();

    /// <summary>Creates a command on this connection with the given SQL.</summary>
    public DbCommand Command(string sql, DbTransaction? transaction = null)
    {
        var command = Connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    /// <summary>Closes the connection.</summary>
    public ValueTask DisposeAsync() => Connection.DisposeAsync();

    /// <summary>
    /// Closes the connection for good now: a pooled SQLite connection otherwise stays open until the process exits, and
    /// closing it then deletes the WAL file, which after a bulk load takes the file system tens of milliseconds.
    /// </summary>
    public ValueTask CloseAsync()
    {
        if (Connection is SqliteConnection sqlite)
        {
            SqliteConnection.ClearPool(sqlite);
        }

        return Connection.DisposeAsync();
    }

    private static async Task<Warehouse> OpenUnmigratedAsync(WarehouseProvider provider, string connectionString, CancellationToken cancellationToken)
    {
        DbConnection connection = provider == WarehouseProvider.Sqlite ? new SqliteConnection(connectionString) : new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or SqliteException or ArgumentException or InvalidOperationException)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            var what = provider == WarehouseProvider.Sqlite ? "the SQLite warehouse" : "the PostgreSQL warehouse";
            throw new LeanMLEnvironmentException($"cannot open {what}: {ex.Message}. Check that the database is reachable and the connection settings in leanml.yaml are right.", ex);
        }

        if (provider == WarehouseProvider.Sqlite)
        {
            // WAL lets readers go on while one writer writes; the busy timeout makes a second writer wait, not fail.
            using var pragma = connection.CreateCommand();
            pragma.CommandText = $"PRAGMA journal_mode=WAL; PRAGMA busy_timeout={BusyTimeoutMilliseconds}; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;";
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        else
        {
            // User tables live in public (DESIGN.md section 2). The default search_path starts with "$user", and a role
            // named like the metadata schema (leanml) would otherwise create unqualified tables inside it.
            using var path = connection.CreateCommand();
            path.CommandText = "SET search_path TO public";
            await path.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return new Warehouse(connection, provider == WarehouseProvider.Sqlite ? SqlDialect.Sqlite : SqlDialect.Postgres, connectionString);
    }
}
