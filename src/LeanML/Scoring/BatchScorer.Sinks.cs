using LeanML.Internal;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LeanML.Storage;
using LeanML.Storage.DuckDb;

namespace LeanML.Scoring;

/// <summary>Where scoring writes rows: a CSV/JSONL file or a Parquet file (written beside, then renamed), a table (one transaction).</summary>
public sealed partial class BatchScorer
{
    /// <summary>Rows out, made visible only by <see cref="CommitAsync"/>; disposing without commit leaves nothing.</summary>
    private abstract class ScoreSink : IAsyncDisposable
    {
        public abstract ValueTask WriteAsync(object?[] cells, CancellationToken cancellationToken);

        public abstract Task CommitAsync(CancellationToken cancellationToken);

        public abstract ValueTask DisposeAsync();
    }

    private sealed class FileScoreSink : ScoreSink
    {
        private readonly string _path;
        private readonly string _temp;
        private readonly StreamWriter _writer;
        private readonly bool _jsonl;
        private readonly IReadOnlyList<(string Name, bool IsNumber)> _columns;
        private bool _committed;

        public FileScoreSink(string path, IReadOnlyList<(string Name, bool IsNumber)> columns)
        {
            _path = path;
            _columns = columns;
            _jsonl = Path.GetExtension(path).ToLowerInvariant() is ".jsonl" or ".ndjson";
            var dir = Path.GetDirectoryName(path)!;
            Directory.CreateDirectory(dir);
            var tempPrefix = $".{Path.GetFileName(path)}.tmp-";
            RemoveOrphans(dir, tempPrefix);
            _temp = Path.Combine(dir, tempPrefix + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            _writer = new StreamWriter(_temp, false, new UTF8Encoding(false), 1 << 16);
            if (!_jsonl)
            {
                _writer.Write(string.Join(",", columns.Select(c => CsvText.Quote(c.Name))));
                _writer.Write('\n');
            }
        }

        public override async ValueTask WriteAsync(object?[] cells, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var line = new StringBuilder();
            if (_jsonl)
            {
                line.Append('{');
                for (var i = 0; i < cells.Length; i++)
                {
                    line.Append(i == 0 ? "" : ",").Append(JsonSerializer.Serialize(_columns[i].Name, LeanMLJsonContext.Default.String)).Append(':')
                        .Append(cells[i] is double d ? Number(d) : JsonSerializer.Serialize(cells[i] as string, LeanMLJsonContext.Default.String));
                }

                line.Append('}');
            }
            else
            {
                for (var i = 0; i < cells.Length; i++)
                {
                    line.Append(i == 0 ? "" : ",").Append(cells[i] is double d ? Number(d) : CsvText.Quote(cells[i] as string ?? ""));
                }
            }

            line.Append('\n');
            await _writer.WriteAsync(line, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Deletes the half-written files of earlier scores of the same output that were killed (their process is gone);
        /// a file of a score still running is left alone.
        /// </summary>
        private static void RemoveOrphans(string dir, string tempPrefix)
        {
            foreach (var file in Directory.EnumerateFiles(dir, ".*.tmp-*"))
            {
                var name = Path.GetFileName(file);
                if (name.StartsWith(tempPrefix, StringComparison.Ordinal)
                    && int.TryParse(name.AsSpan(tempPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                    && !IsRunning(pid))
                {
                    File.Delete(file);
                }
            }
        }

        private static bool IsRunning(int pid)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                return !process.HasExited;
            }
            catch (ArgumentException)
            {
                return false;   // no such process
            }
        }

        public override async Task CommitAsync(CancellationToken cancellationToken)
        {
            await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            ((FileStream)_writer.BaseStream).Flush(flushToDisk: true);   // the bytes are on disk before the name points at them
            await _writer.DisposeAsync().ConfigureAwait(false);
            File.Move(_temp, _path, overwrite: true);
            _committed = true;
        }

        public override async ValueTask DisposeAsync()
        {
            await _writer.DisposeAsync().ConfigureAwait(false);
            if (!_committed && File.Exists(_temp))
            {
                File.Delete(_temp);
            }
        }

        // The float32 prediction printed as the shortest text that reads back to the same float.
        private static string Number(double d) => ((float)d).ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>Scores as a Parquet file: numbers as DOUBLE, the rest as text; the file appears only at commit.</summary>
    private sealed class ParquetScoreSink(string path, IReadOnlyList<(string Name, bool IsNumber)> columns) : ScoreSink
    {
        private readonly ParquetFileWriter _writer = ParquetFileWriter.Create(path, [.. columns.Select(c => (c.Name, c.IsNumber ? "DOUBLE" : "VARCHAR"))]);

        public override ValueTask WriteAsync(object?[] cells, CancellationToken cancellationToken) => _writer.WriteAsync(cells, cancellationToken);

        public override Task CommitAsync(CancellationToken cancellationToken) => _writer.CompleteAsync(cancellationToken);

        public override ValueTask DisposeAsync() => _writer.DisposeAsync();
    }

    private sealed class TableScoreSink : ScoreSink
    {
        private readonly DbTransaction _transaction;
        private readonly RowWriter _rows;
        private bool _committed;

        private TableScoreSink(DbTransaction transaction, RowWriter rows)
        {
            _transaction = transaction;
            _rows = rows;
        }

        public static async Task<TableScoreSink> CreateAsync(Database warehouse, string table, IReadOnlyList<(string Name, bool IsNumber)> columns, CancellationToken cancellationToken)
        {
            var d = warehouse.Engine;
            var tx = await warehouse.Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // Replace the table inside the transaction: readers see the old rows until commit, then all the new ones.
                await using (var drop = warehouse.Command($"DROP TABLE IF EXISTS {d.Quote(table)}", tx))
                {
                    await drop.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await using (var create = warehouse.Command($"CREATE TABLE {d.Quote(table)} ({string.Join(", ", columns.Select(c => $"{d.Quote(c.Name)} {(c.IsNumber ? d.Real : d.Text)}"))})", tx))
                {
                    await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                return new TableScoreSink(tx, d.StartRowWriter(warehouse, tx, table, columns.Count));
            }
            catch
            {
                await tx.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        public override ValueTask WriteAsync(object?[] cells, CancellationToken cancellationToken) => _rows.WriteAsync(cells, cancellationToken);

        public override async Task CommitAsync(CancellationToken cancellationToken)
        {
            await _rows.CompleteAsync(cancellationToken).ConfigureAwait(false);
            await _transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            _committed = true;
        }

        public override async ValueTask DisposeAsync()
        {
            await _rows.DisposeAsync().ConfigureAwait(false);
            if (!_committed)
            {
                await _transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
            }

            await _transaction.DisposeAsync().ConfigureAwait(false);
        }
    }
}
