using System.Text;
using LeanML.Ingestion.Internal;
using Npgsql;
using NpgsqlTypes;

namespace LeanML.Storage.Postgres;

/// <summary>The PostgreSQL bulk path: binary COPY inside the load's transaction.</summary>
internal sealed class PostgresCopySink : RowSink
{
    private readonly NpgsqlBinaryImporter _importer;
    private readonly string _loadId;

    private PostgresCopySink(NpgsqlBinaryImporter importer, string loadId)
    {
        _importer = importer;
        _loadId = loadId;
    }

    public static async Task<PostgresCopySink> StartAsync(NpgsqlConnection connection, string table, IReadOnlyList<string> columns, string loadId, CancellationToken cancellationToken)
    {
        var names = string.Join(", ", columns.Select(SqlNames.Quote));
        var importer = await connection.BeginBinaryImportAsync($"COPY {SqlNames.Quote(table)} ({names}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        return new PostgresCopySink(importer, loadId);
    }

    public override async ValueTask<long> WriteAsync(RowBatch batch, CancellationToken cancellationToken)
    {
        for (var r = 0; r < batch.Count; r++)
        {
            await _importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
            for (var c = 0; c < batch.Width; c++)
            {
                switch (batch.Kind(r, c))
                {
                    case CellKind.Integer:
                        await _importer.WriteAsync(batch.Integer(r, c), NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                        break;
                    case CellKind.Real:
                        await _importer.WriteAsync(batch.Real(r, c), NpgsqlDbType.Double, cancellationToken).ConfigureAwait(false);
                        break;
                    case CellKind.Text:
                        await _importer.WriteAsync(Encoding.UTF8.GetString(batch.Utf8(r, c)), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                        break;
                    case CellKind.Date:
                        await _importer.WriteAsync(batch.Date(r, c), NpgsqlDbType.Date, cancellationToken).ConfigureAwait(false);
                        break;
                    case CellKind.Timestamp:
                        await _importer.WriteAsync(batch.Timestamp(r, c), NpgsqlDbType.Timestamp, cancellationToken).ConfigureAwait(false);
                        break;
                    default:
                        await _importer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
                        break;
                }
            }

            await _importer.WriteAsync(_loadId, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await _importer.WriteAsync(batch.Line(r), NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
        }

        return 0;
    }

    public override async ValueTask<long> CompleteAsync(CancellationToken cancellationToken)
    {
        await _importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }

    public override ValueTask DisposeAsync() => _importer.DisposeAsync();
}
