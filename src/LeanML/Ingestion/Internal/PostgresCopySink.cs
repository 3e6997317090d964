using LeanML.Storage;
using Npgsql;
using NpgsqlTypes;

namespace LeanML.Ingestion.Internal;

/// <summary>The PostgreSQL bulk path: binary COPY inside the load's transaction.</summary>
internal sealed class PostgresCopySink : RowSink
{
    private readonly NpgsqlBinaryImporter _importer;

    private PostgresCopySink(NpgsqlBinaryImporter importer) => _importer = importer;

    public static async Task<PostgresCopySink> StartAsync(NpgsqlConnection connection, string table, IReadOnlyList<string> columns, CancellationToken cancellationToken)
    {
        var names = string.Join(", ", columns.Select(SqlNames.Quote));
        var importer = await connection.BeginBinaryImportAsync($"COPY {SqlNames.Quote(table)} ({names}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        return new PostgresCopySink(importer);
    }

    public override async ValueTask<bool> WriteAsync(object?[] row, CancellationToken cancellationToken)
    {
        await _importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
        foreach (var value in row)
        {
            switch (value)
            {
                case long l:
                    await _importer.WriteAsync(l, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                    break;
                case double d:
                    await _importer.WriteAsync(d, NpgsqlDbType.Double, cancellationToken).ConfigureAwait(false);
                    break;
                case string s:
                    await _importer.WriteAsync(s, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    await _importer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
                    break;
            }
        }

        return false;
    }

    public override async ValueTask CompleteAsync(CancellationToken cancellationToken) => await _importer.CompleteAsync(cancellationToken).ConfigureAwait(false);

    public override ValueTask DisposeAsync() => _importer.DisposeAsync();
}
