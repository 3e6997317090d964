using System.Text;
using LeanML.Ingestion.Internal;
using Npgsql;
using NpgsqlTypes;

namespace LeanML.Storage.Postgres;

/// <summary>The PostgreSQL bulk path: binary COPY inside the load's transaction.</summary>
internal sealed class PostgresCopySink : RowSink
{
    private readonly NpgsqlBinaryImporter _importer;
    private readonly object _loadId;

    private PostgresCopySink(NpgsqlBinaryImporter importer, object loadId)
    {
        _importer = importer;
        _loadId = loadId;
    }

    public static async Task<PostgresCopySink> StartAsync(NpgsqlConnection connection, string table, IReadOnlyList<string> columns, object loadId, CancellationToken cancellationToken)
    {
        var names = string.Join(", ", columns.Select(SqlNames.Quote));
        var importer = await connection.BeginBinaryImportAsync($"COPY {SqlNames.Quote(table)} ({names}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        return new PostgresCopySink(importer, loadId);
    }

    public override async ValueTask<long> WriteAsync(RowBatch batch, CancellationToken cancellationToken)
    {
        // A cancelled load stops between batches: Npgsql breaks the connection when a token fires inside a COPY write,
        // and the caller still needs it to roll back and go on (the importer's dispose then aborts the COPY cleanly).
        cancellationToken.ThrowIfCancellationRequested();
        for (var r = 0; r < batch.Count; r++)
        {
            await _importer.StartRowAsync(CancellationToken.None).ConfigureAwait(false);
            for (var c = 0; c < batch.Width; c++)
            {
                switch (batch.Kind(r, c))
                {
                    case CellKind.Integer:
                        await _importer.WriteAsync(batch.Integer(r, c), NpgsqlDbType.Bigint, CancellationToken.None).ConfigureAwait(false);
                        break;
                    case CellKind.Real:
                        await _importer.WriteAsync(batch.Real(r, c), NpgsqlDbType.Double, CancellationToken.None).ConfigureAwait(false);
                        break;
                    case CellKind.Text:
                        await _importer.WriteAsync(Encoding.UTF8.GetString(batch.Utf8(r, c)), NpgsqlDbType.Text, CancellationToken.None).ConfigureAwait(false);
                        break;
                    case CellKind.Date:
                        await _importer.WriteAsync(batch.Date(r, c), NpgsqlDbType.Date, CancellationToken.None).ConfigureAwait(false);
                        break;
                    case CellKind.Timestamp:
                        await _importer.WriteAsync(batch.Timestamp(r, c), NpgsqlDbType.Timestamp, CancellationToken.None).ConfigureAwait(false);
                        break;
                    default:
                        await _importer.WriteNullAsync(CancellationToken.None).ConfigureAwait(false);
                        break;
                }
            }

            if (_loadId is long id)
            {
                await _importer.WriteAsync(id, NpgsqlDbType.Bigint, CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                await _importer.WriteAsync((string)_loadId, NpgsqlDbType.Text, CancellationToken.None).ConfigureAwait(false);
            }

            await _importer.WriteAsync(batch.Line(r), NpgsqlDbType.Bigint, CancellationToken.None).ConfigureAwait(false);
        }

        return 0;
    }

    public override async ValueTask<long> CompleteAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await _importer.CompleteAsync(CancellationToken.None).ConfigureAwait(false);
        return 0;
    }

    public override ValueTask DisposeAsync() => _importer.DisposeAsync();
}
