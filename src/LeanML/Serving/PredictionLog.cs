using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Threading.Channels;
using LeanML.Storage;
using Microsoft.Data.Sqlite;

namespace LeanML.Serving;

/// <summary>
/// The prediction log: requests enqueue into a bounded channel and never wait on the database; one background writer
/// inserts batches in transactions. A full queue drops the entry and counts it; <see cref="CompleteAsync"/> writes
/// everything still queued (graceful stop).
/// </summary>
public sealed class PredictionLog
{
    /// <summary>How logged_at is written: UTC, to the tick, sortable as text.</summary>
    internal const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    private const int BatchSize = 2000;
    private const int Columns = 7;
    private readonly Channel<PredictionLogEntry> _queue;
    private readonly Func<CancellationToken, Task<Database>> _open;
    private readonly Func<bool>? _storeLost;
    private Task? _writer;
    private long _logged;
    private long _dropped;
    private long _failed;

    /// <summary>
    /// Creates the log; <paramref name="open"/> opens the writer's own connection to the state store, and
    /// <paramref name="storeLost"/>, when given, says that store's file was deleted or replaced (then nothing more is
    /// written into it, and batches count as failed).
    /// </summary>
    public PredictionLog(Func<CancellationToken, Task<Database>> open, int capacity, Func<bool>? storeLost = null)
    {
        _open = open;
        _storeLost = storeLost;
        _queue = Channel.CreateBounded<PredictionLogEntry>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
    }

    /// <summary>Entries written to the warehouse.</summary>
    public long Logged => Interlocked.Read(ref _logged);

    /// <summary>Entries dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Entries lost because the database refused a batch.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Queues an entry without waiting; false (and counted) when the queue is full.</summary>
    public bool TryLog(PredictionLogEntry entry)
    {
        if (_queue.Writer.TryWrite(entry))
        {
            return true;
        }

        Interlocked.Increment(ref _dropped);
        return false;
    }

    /// <summary>
    /// Starts the background writer on its own thread, synchronous from end to end: on a thread-pool thread (or in
    /// continuations that land there) each batch would hold one of the few threads (two on a 2-core box) that answer
    /// requests for tens of milliseconds.
    /// </summary>
    public void Start()
    {
        if (_writer is not null)
        {
            return;
        }

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                WriteLoop();
                done.SetResult();
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = "LeanML prediction log",
        };
        _writer = done.Task;
        thread.Start();
    }

    /// <summary>Stops accepting entries and waits until every queued entry is written.</summary>
    public async Task CompleteAsync()
    {
        _queue.Writer.TryComplete();
        if (_writer is not null)
        {
            await _writer.ConfigureAwait(false);
        }
    }

    private void WriteLoop()
    {
        var warehouse = _open(CancellationToken.None).GetAwaiter().GetResult();
        using var sqlite = warehouse.Connection is SqliteConnection connection ? new SqlitePredictionInsert(connection, warehouse.Engine.Meta("prediction_log")) : null;
        try
        {
            var batch = new List<PredictionLogEntry>(BatchSize);
            var reader = _queue.Reader;
            while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                while (batch.Count < BatchSize && reader.TryRead(out var entry))
                {
                    batch.Add(entry);
                }

                try
                {
                    if (_storeLost?.Invoke() == true)
                    {
                        // Written into a deleted file they would be counted as logged and lost.
                        Interlocked.Add(ref _failed, batch.Count);
                        batch.Clear();
                        continue;
                    }

                    Write(warehouse, sqlite, batch);
                    Interlocked.Add(ref _logged, batch.Count);
                }
                catch (DbException)
                {
                    // The log must never take serving down: a failed batch is counted, not retried forever.
                    Interlocked.Add(ref _failed, batch.Count);
                }

                batch.Clear();
            }
        }
        finally
        {
            warehouse.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static void Write(Database warehouse, SqlitePredictionInsert? sqlite, List<PredictionLogEntry> batch)
    {
        // One transaction per batch. SQLite: one prepared single-row INSERT bound through the C API per entry.
        // PostgreSQL: multi-row INSERTs of up to a hundred entries (one round trip per hundred, 7 x 100 parameters).
        using var tx = warehouse.Connection.BeginTransaction();
        if (sqlite is not null)
        {
            sqlite.Write(batch);
            tx.Commit();
            return;
        }

        const int rowsPerStatement = 100;
        var text = new StringBuilder();
        DbCommand? command = null;
        try
        {
            for (var offset = 0; offset < batch.Count; offset += rowsPerStatement)
            {
                var count = Math.Min(rowsPerStatement, batch.Count - offset);
                if (command is null || command.Parameters.Count != count * Columns)
                {
                    command?.Dispose();
                    command = Insert(warehouse, tx, count);
                }

                for (var i = 0; i < count; i++)
                {
                    var e = batch[offset + i];
                    command.Parameters[(i * Columns) + 0].Value = e.LoggedAt.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);
                    command.Parameters[(i * Columns) + 1].Value = e.Project;
                    command.Parameters[(i * Columns) + 2].Value = e.RunId;
                    command.Parameters[(i * Columns) + 3].Value = Encoding.UTF8.GetString(e.Inputs);
                    command.Parameters[(i * Columns) + 5].Value = e.PredictionId;
                    command.Parameters[(i * Columns) + 6].Value = (object?)e.RowId ?? DBNull.Value;
                    text.Clear().Append('[');
                    for (var k = 0; k < e.Output.Length; k++)
                    {
                        text.Append(k == 0 ? "" : ",").Append(e.Output[k].ToString("R", CultureInfo.InvariantCulture));
                    }

                    command.Parameters[(i * Columns) + 4].Value = text.Append(']').ToString();
                }

                command.ExecuteNonQuery();
            }
        }
        finally
        {
            command?.Dispose();
        }

        tx.Commit();
    }

    /// <summary>An INSERT of <paramref name="rows"/> entries with its parameters added (values set per use), prepared.</summary>
    private static DbCommand Insert(Database warehouse, DbTransaction tx, int rows)
    {
        var sql = new StringBuilder($"INSERT INTO {warehouse.Engine.Meta("prediction_log")} (logged_at, project, run_id, inputs, output, prediction_id, row_id) VALUES ");
        for (var i = 0; i < rows; i++)
        {
            sql.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"(@a{i}, @p{i}, @r{i}, @i{i}, @o{i}, @d{i}, @w{i})");
        }

        var command = warehouse.Command(sql.ToString(), tx);
        for (var i = 0; i < rows; i++)
        {
            foreach (var prefix in (ReadOnlySpan<string>)["@a", "@p", "@r", "@i", "@o", "@d", "@w"])
            {
                command.Bind(prefix + i.ToString(CultureInfo.InvariantCulture), "");
            }
        }

        command.Prepare();
        return command;
    }
}
