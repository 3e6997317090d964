namespace LeanML.Ingestion.Internal;

/// <summary>
/// Flushes a SQLite WAL file to disk in the background while a bulk load appends to it, so the checkpoint after the
/// commit (which fsyncs the whole WAL before copying it into the database) finds it already written out. The disk works
/// while the load computes. It never writes to the file: fsync only makes what SQLite wrote durable earlier than SQLite
/// itself would. (SQLite holds no POSIX locks on the -wal file, so opening and closing it here releases none.)
/// </summary>
internal sealed class WalWriteBehind : IAsyncDisposable
{
    private const long FlushEveryBytes = 16L << 20;
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    /// <summary>Starts watching the WAL of the database file at <paramref name="databasePath"/>.</summary>
    public WalWriteBehind(string databasePath)
    {
        var wal = databasePath + "-wal";
        _loop = Task.Run(() => RunAsync(wal, _stop.Token));
    }

    /// <summary>Stops flushing.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private static async Task RunAsync(string wal, CancellationToken ct)
    {
        long flushed = 0;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval, ct).ConfigureAwait(false);
                var info = new FileInfo(wal);
                var length = info.Exists ? info.Length : 0;
                if (length - flushed < FlushEveryBytes)
                {
                    // A checkpoint may also have reset the WAL: start counting again.
                    flushed = Math.Min(flushed, length);
                    continue;
                }

                using (var stream = new FileStream(wal, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete))
                {
                    stream.Flush(flushToDisk: true);
                }

                flushed = length;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (IOException)
            {
                // The WAL went away or is busy: flushing is only an optimisation, the checkpoint still syncs.
            }
            catch (UnauthorizedAccessException)
            {
                return;
            }
        }
    }
}
