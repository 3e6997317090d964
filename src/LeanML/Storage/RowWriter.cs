using System.Data.Common;

namespace LeanML.Storage;

/// <summary>
/// Writes whole rows of plain values (string, long, double, DateOnly, DateTime or null) into a table, inside a
/// transaction the caller commits: the engine's fast path where it has one (DuckDB's appender), prepared INSERTs otherwise.
/// </summary>
public abstract class RowWriter : IAsyncDisposable
{
    /// <summary>Writes one row, its cells in the table's column order.</summary>
    public abstract ValueTask WriteAsync(object?[] cells, CancellationToken cancellationToken);

    /// <summary>Finishes writing (flushes what is buffered); the caller then commits.</summary>
    public virtual ValueTask CompleteAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Releases the writer.</summary>
    public abstract ValueTask DisposeAsync();

    /// <summary>Prepared INSERTs of every column, one row at a time.</summary>
    internal sealed class Insert : RowWriter
    {
        private readonly DbCommand _insert;
        private readonly DbParameter[] _parameters;

        // quotedTable: the table's quoted (and qualified) name.
        public Insert(Database database, DbTransaction transaction, string quotedTable, int columns)
        {
            _insert = database.Command($"INSERT INTO {quotedTable} VALUES ({string.Join(", ", Enumerable.Range(0, columns).Select(i => "@p" + i))})", transaction);
            _parameters = Enumerable.Range(0, columns).Select(i =>
            {
                var p = _insert.CreateParameter();
                p.ParameterName = "p" + i;
                _insert.Parameters.Add(p);
                return p;
            }).ToArray();
        }

        public override async ValueTask WriteAsync(object?[] cells, CancellationToken cancellationToken)
        {
            for (var i = 0; i < cells.Length; i++)
            {
                _parameters[i].Value = cells[i] ?? DBNull.Value;
            }

            await _insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        public override ValueTask DisposeAsync() => _insert.DisposeAsync();
    }
}
