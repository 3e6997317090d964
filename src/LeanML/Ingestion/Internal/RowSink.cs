namespace LeanML.Ingestion.Internal;

/// <summary>Where a load writes rows: the file's columns from a batch, then _load_id and _source_line.</summary>
internal abstract class RowSink : IAsyncDisposable
{
    /// <summary>Writes every row of the batch; returns how many of them an upsert updated (rows that existed before).</summary>
    public abstract ValueTask<long> WriteAsync(RowBatch batch, CancellationToken cancellationToken);

    /// <summary>Finishes writing (the transaction is committed by the caller).</summary>
    public virtual ValueTask CompleteAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Releases the statements.</summary>
    public abstract ValueTask DisposeAsync();
}
