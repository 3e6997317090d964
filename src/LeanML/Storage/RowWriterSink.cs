using LeanML.Ingestion.Internal;

namespace LeanML.Storage;

/// <summary>Batches of rows written one row at a time through a <see cref="RowWriter"/> (engines without a batch path).</summary>
internal sealed class RowWriterSink(RowWriter rows) : RowSink
{
    public override async ValueTask<long> WriteAsync(RowBatch batch, CancellationToken cancellationToken)
    {
        var cells = new object?[batch.Width];
        for (var r = 0; r < batch.Count; r++)
        {
            for (var c = 0; c < cells.Length; c++)
            {
                cells[c] = batch.Value(r, c) is DBNull ? null : batch.Value(r, c);
            }

            await rows.WriteAsync(cells, cancellationToken).ConfigureAwait(false);
        }

        return 0;
    }

    public override async ValueTask<long> CompleteAsync(CancellationToken cancellationToken)
    {
        await rows.CompleteAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }

    public override ValueTask DisposeAsync() => rows.DisposeAsync();
}
