using System.Data.Common;
using LeanML.Storage;
using Microsoft.Data.Sqlite;

namespace LeanML.Serving;

/// <summary>
/// The state store as the server uses it while it runs. It opens only the store that was there at start (never creates
/// or migrates one, so a deleted file is not silently recreated empty), notices when that file is deleted or replaced
/// (SQLite's SQLITE_FCNTL_HAS_MOVED on a connection held open), and lets one request write at a time, each waiting a
/// bounded time: a lock held elsewhere then costs a request a 503, not a thread blocked in SQLite's busy handler, so
/// predictions keep their threads.
/// </summary>
public sealed class ServingStore : IAsyncDisposable
{
    private readonly Database _anchor;
    private readonly string _connectionString;
    private readonly TimeSpan _writeWait;
    private readonly SemaphoreSlim _writes = new(1, 1);
    private volatile bool _moved;

    private ServingStore(Database anchor, string connectionString, TimeSpan writeWait)
    {
        _anchor = anchor;
        _connectionString = connectionString;
        _writeWait = writeWait;
    }

    /// <summary>Where the store is, for messages: the SQLite file, or "PostgreSQL".</summary>
    public string Location { get; private init; } = "";

    /// <summary>True once the state store's file was deleted or replaced while serving (it stays true until restart).</summary>
    public bool Moved => _moved || CheckMoved();

    /// <summary>Opens the workspace's state store (migrating it, as every command does) and keeps a connection to watch it.</summary>
    public static async Task<ServingStore> OpenAsync(Workspace.Workspace workspace, TimeSpan writeWait, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var anchor = await StateStore.OpenAsync(workspace, cancellationToken).ConfigureAwait(false);

        // Later connections open the store that exists; they never create one.
        return new ServingStore(anchor, anchor.Engine.ExistingOnlyConnectionString(anchor.ConnectionString), writeWait) { Location = anchor.Engine.Location(anchor.ConnectionString) };
    }

    /// <summary>A new connection to the store of the start (no migration, no creation); refused once it moved.</summary>
    public async Task<Database> OpenAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfMoved();
        return await Database.OpenUnmigratedAsync(_anchor.Engine, _connectionString, StoreKind.State, readOnly: false, lease: null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs one write made while answering a request: one at a time, waiting at most the configured time for the turn
    /// and for another process's lock; a fault of the database becomes a <see cref="LeanMLEnvironmentException"/>
    /// (HTTP 503), and the connection that saw it is not reused.
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<Database, CancellationToken, Task<T>> write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        var started = TimeProvider.System.GetTimestamp();
        if (!await _writes.WaitAsync(_writeWait, cancellationToken).ConfigureAwait(false))
        {
            throw Busy();
        }

        try
        {
            await using var database = await OpenAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var left = _writeWait - TimeProvider.System.GetElapsedTime(started);
                if (database.Engine.LockWaitSql(left > TimeSpan.FromMilliseconds(100) ? left : TimeSpan.FromMilliseconds(100)) is { } sql)
                {
                    await using var wait = database.Command(sql);
                    await wait.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                return await write(database, cancellationToken).ConfigureAwait(false);
            }
            catch (DbException ex)
            {
                if (database.Connection is SqliteConnection sqlite)
                {
                    SqliteConnection.ClearPool(sqlite);
                }

                // A fault of the machine becomes the plain 503 error; anything else is a bug and stays what it is.
                throw EnvironmentFaults.Classify(ex) ?? (Exception)ex;
            }
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>Throws the not-ready error when the store's file was deleted or replaced.</summary>
    public void ThrowIfMoved()
    {
        if (Moved)
        {
            throw new LeanMLEnvironmentException($"the state store {Location} was deleted or replaced while the server ran; nothing more is written to it. Restore it from a backup (or move it back) and restart 'leanml serve'.");
        }
    }

    /// <summary>Closes the watching connection.</summary>
    public async ValueTask DisposeAsync()
    {
        await _anchor.DisposeAsync().ConfigureAwait(false);
        _writes.Dispose();
    }

    private LeanMLEnvironmentException Busy() => new(
        $"the state store is busy: another write did not finish within {_writeWait.TotalSeconds:0.#} s (another process may hold a long transaction); try again in a moment.");

    private bool CheckMoved()
    {
        if (_anchor.Connection is SqliteConnection { Handle: { } handle } && SqliteNative.HasMoved(handle))
        {
            _moved = true;
        }

        return _moved;
    }
}
