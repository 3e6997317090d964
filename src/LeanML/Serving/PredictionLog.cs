using System.Globalization;
using System.Text;
using System.Threading.Channels;
using LeanML.Storage;

namespace LeanML.Serving;

/// <summary>
/// The prediction log: requests enqueue into a bounded channel and never wait on the database; one background writer
/// inserts batches in transactions. A full queue drops the entry and counts it; <see cref="CompleteAsync"/> writes
/// everything still queued (graceful stop).
/// </summary>
public sealed class PredictionLog
{
    private const int BatchSize = 2000;
    private readonly Channel<PredictionLogEntry> _queue;
    private readonly Func<CancellationToken, Task<Warehouse>> _open;
    private Task? _writer;
    private long _logged;
    private long _dropped;
    private long _failed;

    /// <summary>Creates the log; <paramref name="open"/> opens the writer's own warehouse connection.</summary>
    public PredictionLog(Func<CancellationToken, Task<Warehouse>> open, int capacity)
    {
        _open = open;
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

    /// <summary>Starts the background writer.</summary>
    public void Start() => _writer ??= Task.Run(() => WriteLoopAsync(CancellationToken.None));

    /// <summary>Stops accepting entries and waits until every queued entry is written.</summary>
    public async Task CompleteAsync()
    {
        _queue.Writer.TryComplete();
        if (_writer is not null)
        {
            await _writer.ConfigureAwait(false);
        }
    }

    private async Task WriteLoopAsync(CancellationToken cancellationToken)
    {
        await using var warehouse = await _open(cancellationToken).ConfigureAwait(false);
        var batch = new List<PredictionLogEntry>(BatchSize);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (batch.Count < BatchSize && reader.TryRead(out var entry))
            {
                batch.Add(entry);
            }

            try
            {
                await WriteAsync(warehouse, batch, cancellationToken).ConfigureAwait(false);
                Interlocked.Add(ref _logged, batch.Count);
            }
            catch (System.Data.Common.DbException)
            {
                // The log must never take serving down: a failed batch is counted, not retried forever.
                Interlocked.Add(ref _failed, batch.Count);
            }

            batch.Clear();
        }
    }

    private static async Task WriteAsync(Warehouse warehouse, List<PredictionLogEntry> batch, CancellationToken cancellationToken)
    {
        await using var tx = await warehouse.Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = warehouse.Command($"INSERT INTO {warehouse.Dialect.Meta("prediction_log")} (logged_at, project, run_id, inputs, output) VALUES (@at, @project, @run, @inputs, @output)", tx);
        var at = Parameter(cmd, "@at");
        var project = Parameter(cmd, "@project");
        var run = Parameter(cmd, "@run");
        var inputs = Parameter(cmd, "@inputs");
        var output = Parameter(cmd, "@output");
        var text = new StringBuilder();
        foreach (var e in batch)
        {
            at.Value = e.LoggedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
            project.Value = e.Project;
            run.Value = e.RunId;
            inputs.Value = e.Inputs;
            text.Clear().Append('[');
            for (var i = 0; i < e.Output.Length; i++)
            {
                text.Append(i == 0 ? "" : ",").Append(e.Output[i].ToString("R", CultureInfo.InvariantCulture));
            }

            output.Value = text.Append(']').ToString();
            await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static System.Data.Common.DbParameter Parameter(System.Data.Common.DbCommand cmd, string name)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        cmd.Parameters.Add(p);
        return p;
    }
}
