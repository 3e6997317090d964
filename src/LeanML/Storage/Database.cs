using System.Data.Common;
using LeanML.Storage.Migrations;
using Microsoft.Data.Sqlite;

namespace LeanML.Storage;

/// <summary>
/// An open connection to one of the workspace's stores (the warehouse or the state store) with its engine, migrated to
/// the schema this version of LeanML expects. Open it with <see cref="Warehouse"/> or
/// <see cref="StateStore"/>, and hold it for one operation only.
/// </summary>
public sealed class Database : IAsyncDisposable
{
    private readonly IAsyncDisposable? _lease;

    internal Database(DbConnection connection, StorageEngine engine, string connectionString, StoreKind store, bool readOnly, IAsyncDisposable? lease = null)
    {
        Connection = connection;
        Engine = engine;
        ConnectionString = connectionString;
        Store = store;
        ReadOnly = readOnly;
        _lease = lease;
    }

    /// <summary>Opened read-only: the engine itself refuses every write (and, on DuckDB, any access to other files).</summary>
    public bool ReadOnly { get; }

    /// <summary>The open connection; one writer at a time.</summary>
    public DbConnection Connection { get; }

    /// <summary>The engine: dialect, catalog, bulk load and feature flags.</summary>
    public StorageEngine Engine { get; }

    /// <summary>Which store this is.</summary>
    public StoreKind Store { get; }

    /// <summary>The connection string, to open further connections (e.g. a background writer).</summary>
    public string ConnectionString { get; }

    /// <summary>Opens a database of an engine from a connection string and migrates that store's schema.</summary>
    public static async Task<Database> OpenAsync(StorageEngine engine, string connectionString, StoreKind store, CancellationToken cancellationToken = default)
    {
        var database = await OpenUnmigratedAsync(engine, connectionString, store, readOnly: false, lease: null, cancellationToken).ConfigureAwait(false);
        try
        {
            await MigrationRunner.ApplyAsync(database, cancellationToken).ConfigureAwait(false);
            return database;
        }
        catch
        {
            await database.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Opens a database of an engine read-only (it must exist and be migrated already).</summary>
    public static Task<Database> OpenReadOnlyAsync(StorageEngine engine, string connectionString, StoreKind store, CancellationToken cancellationToken = default) =>
        OpenUnmigratedAsync(engine, engine.ReadOnlyConnectionString(connectionString), store, readOnly: true, lease: null, cancellationToken);

    /// <summary>Opens a second connection to the same database (already migrated), e.g. for a background writer.</summary>
    public Task<Database> OpenSiblingAsync(CancellationToken cancellationToken = default) =>
        OpenUnmigratedAsync(Engine, ConnectionString, Store, ReadOnly, lease: null, cancellationToken);

    /// <summary>Creates a command on this connection with LeanML's own SQL (parameters written <c>@name</c>).</summary>
    public DbCommand Command(string sql, DbTransaction? transaction = null)
    {
        var command = Connection.CreateCommand();
        command.CommandText = Engine.PrepareSql(sql);
        command.Transaction = transaction;
        return command;
    }

    /// <summary>Closes the connection (and releases the warehouse for other processes).</summary>
    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync().ConfigureAwait(false);
        if (_lease is not null)
        {
            await _lease.DisposeAsync().ConfigureAwait(false);
        }
    }

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

        return DisposeAsync();
    }

    internal static async Task<Database> OpenUnmigratedAsync(StorageEngine engine, string connectionString, StoreKind store, bool readOnly, IAsyncDisposable? lease, CancellationToken cancellationToken)
    {
        var connection = await engine.OpenConnectionAsync(connectionString, readOnly, cancellationToken).ConfigureAwait(false);
        return new Database(connection, engine, connectionString, store, readOnly, lease);
    }
}
