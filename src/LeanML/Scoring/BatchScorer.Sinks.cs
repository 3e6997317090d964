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

        /// <summary>Makes the rows visible; <paramref name="integerIds"/>: every id was a whole number (a table's id column becomes BIGINT).</summary>
        public abstract Task CommitAsync(bool integerIds, CancellationToken cancellationToken);

        public abstract ValueTask DisposeAsync();
    }

    private sealed class FileScoreSink : ScoreSink
    {
        private readonly string _path;
        private readonly string _temp;
        private readonly StreamWriter _writer;
        private readonly bool _jsonl;
        private readonly char _delimiter;
        private readonly IReadOnlyList<(string Name, ScoreColumnKind Kind)> _columns;
        private bool _committed;

        public FileScoreSink(string path, IReadOnlyList<(string Name, ScoreColumnKind Kind)> columns)
        {
            _path = path;
            _columns = columns;
            _jsonl = Path.GetExtension(path).ToLowerInvariant() is ".jsonl" or ".ndjson";
            _delimiter = Path.GetExtension(path).Equals(".tsv", StringComparison.OrdinalIgnoreCase) ? '\t' : ',';
            var dir = Path.GetDirectoryName(path)!;
            var tempPrefix = $".{Path.GetFileName(path)}.tmp-";
            RemoveOrphans(dir, tempPrefix);
            _temp = Path.Combine(dir, tempPrefix + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            _writer = new StreamWriter(_temp, false, new UTF8Encoding(false), 1 << 16);
            if (!_jsonl)
            {
                _writer.Write(string.Join(_delimiter, columns.Select(c => CsvText.Quote(c.Name, _delimiter))));
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
                        .Append(cells[i] switch
                        {
                            double d => Number(d),
                            long n => n.ToString(CultureInfo.InvariantCulture),
                            DateTime t => JsonSerializer.Serialize(Utc(t), LeanMLJsonContext.Default.String),
                            _ => JsonSerializer.Serialize(cells[i] as string, LeanMLJsonContext.Default.String),
                        });
                }

                line.Append('}');
            }
            else
            {
                for (var i = 0; i < cells.Length; i++)
                {
                    if (i > 0)
                    {
                        line.Append(_delimiter);
                    }

                    line.Append(cells[i] switch
                    {
                        double d => Number(d),
                        long n => n.ToString(CultureInfo.InvariantCulture),
                        DateTime t => Utc(t),
                        _ => CsvText.Quote(cells[i] as string ?? "", _delimiter),
                    });
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

        public override async Task CommitAsync(bool integerIds, CancellationToken cancellationToken)
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

        // A UTC time in ISO 8601, as sql and export print timestamps, with the Z that says UTC.
        private static string Utc(DateTime t) => (string)Ingestion.WarehouseCatalog.Plain(DateTime.SpecifyKind(t, DateTimeKind.Utc))!;
    }

    /// <summary>Scores as a Parquet file: numbers as DOUBLE or BIGINT, scored_at as TIMESTAMP (UTC), the rest as text; the file appears only at commit.</summary>
    private sealed class ParquetScoreSink(string path, IReadOnlyList<(string Name, ScoreColumnKind Kind)> columns) : ScoreSink
    {
        private readonly ParquetFileWriter _writer = ParquetFileWriter.Create(path, [.. columns.Select(c => (c.Name, c.Kind switch { ScoreColumnKind.Real => "DOUBLE", ScoreColumnKind.Integer => "BIGINT", ScoreColumnKind.Timestamp => "TIMESTAMP", _ => "VARCHAR" }))]);

        public override ValueTask WriteAsync(object?[] cells, CancellationToken cancellationToken) => _writer.WriteAsync(cells, cancellationToken);

        public override Task CommitAsync(bool integerIds, CancellationToken cancellationToken) => _writer.CompleteAsync(cancellationToken);

        public override ValueTask DisposeAsync() => _writer.DisposeAsync();
    }

    private sealed class TableScoreSink : ScoreSink
    {
        private readonly Database _warehouse;
        private readonly DbTransaction _transaction;
        private readonly RowWriter _rows;
        private readonly string _table;
        private readonly IReadOnlyList<(string Name, ScoreColumnKind Kind)> _columns;
        private bool _committed;

        private TableScoreSink(Database warehouse, DbTransaction transaction, RowWriter rows, string table, IReadOnlyList<(string Name, ScoreColumnKind Kind)> columns)
        {
            _warehouse = warehouse;
            _transaction = transaction;
            _rows = rows;
            _table = table;
            _columns = columns;
        }

        public static async Task<TableScoreSink> CreateAsync(Database warehouse, string table, IReadOnlyList<(string Name, ScoreColumnKind Kind)> columns, bool replace, string scoreId, string runId, CancellationToken cancellationToken)
        {
            var d = warehouse.Engine;
            var tx = await warehouse.Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // Score replaces only what it wrote itself: a table a user loaded or made needs --replace.
                // Names compared ignoring case: DuckDB's are (even quoted), so 'Customers' is the table 'customers'.
                var existing = (await Ingestion.WarehouseCatalog.TableNamesAsync(warehouse, cancellationToken, tx).ConfigureAwait(false)).FirstOrDefault(t => t.Equals(table, StringComparison.OrdinalIgnoreCase));
                if (!replace && existing is not null && !await WroteAsync(warehouse, tx, existing, cancellationToken).ConfigureAwait(false))
                {
                    throw new LeanMLInputException(
                        $"the table '{table}' exists and score did not write it (it was loaded or made another way); nothing was written. Choose another --output, or pass --replace to replace it.",
                        field: "--output");
                }

                // Replace the table inside the transaction: readers see the old rows until commit, then all the new ones.
                await using (var drop = warehouse.Command($"DROP TABLE IF EXISTS {d.Quote(table)}", tx))
                {
                    await drop.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await using (var create = warehouse.Command($"CREATE TABLE {d.Quote(table)} ({string.Join(", ", columns.Select(c => $"{d.Quote(c.Name)} {SqlType(d, c.Kind)}"))})", tx))
                {
                    await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await using (var mark = warehouse.Command($"DELETE FROM {d.Meta("score_outputs")} WHERE table_name = @t", tx))
                {
                    mark.Bind("@t", table);
                    await mark.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await using (var mark = warehouse.Command($"INSERT INTO {d.Meta("score_outputs")} (table_name, score_id, run_id, written_at) VALUES (@t, @s, @r, @w)", tx))
                {
                    mark.Bind("@t", table);
                    mark.Bind("@s", scoreId);
                    mark.Bind("@r", runId);
                    mark.Bind("@w", DateTimeOffset.UtcNow.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
                    await mark.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                return new TableScoreSink(warehouse, tx, d.StartRowWriter(warehouse, tx, table, columns.Count), table, columns);
            }
            catch
            {
                await tx.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        private static string SqlType(StorageEngine d, ScoreColumnKind kind) => kind switch
        {
            ScoreColumnKind.Real => d.Real,
            ScoreColumnKind.Integer => d.BigInt,
            ScoreColumnKind.Timestamp => d.SqlType(Ingestion.ColumnType.Timestamp),
            _ => d.Text,
        };

        private static async Task<bool> WroteAsync(Database warehouse, DbTransaction tx, string table, CancellationToken ct)
        {
            await using var cmd = warehouse.Command($"SELECT 1 FROM {warehouse.Engine.Meta("score_outputs")} WHERE table_name = @t", tx);
            cmd.Bind("@t", table);
            return await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false) is not null;
        }

        public override ValueTask WriteAsync(object?[] cells, CancellationToken cancellationToken) => _rows.WriteAsync(cells, cancellationToken);

        public override async Task CommitAsync(bool integerIds, CancellationToken cancellationToken)
        {
            await _rows.CompleteAsync(cancellationToken).ConfigureAwait(false);
            var columns = _columns;
            if (integerIds && columns[0].Kind == ScoreColumnKind.Text)
            {
                // Ids read from a file as text that all turned out whole numbers: stored as integers, so ORDER BY sorts 2 before 10.
                var id = _warehouse.Engine.Quote(columns[0].Name);
                await using var alter = _warehouse.Command($"ALTER TABLE {_warehouse.Engine.Quote(_table)} ALTER COLUMN {id} TYPE {_warehouse.Engine.BigInt} USING CAST({id} AS {_warehouse.Engine.BigInt})", _transaction);
                await alter.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                columns = [(columns[0].Name, ScoreColumnKind.Integer), .. columns.Skip(1)];
            }

            // The column metadata describes the new table (describe, and a later ingest's checks, read it).
            await new Ingestion.IngestLogStore(_warehouse).SaveColumnsAsync(_table, [.. columns.Select(c => new Ingestion.ColumnInfo(c.Name, c.Name, c.Kind switch
            {
                ScoreColumnKind.Real => Ingestion.ColumnType.Real,
                ScoreColumnKind.Integer => Ingestion.ColumnType.Integer,
                ScoreColumnKind.Timestamp => Ingestion.ColumnType.Timestamp,
                _ => Ingestion.ColumnType.Text,
            }, null))], _transaction, cancellationToken).ConfigureAwait(false);
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
