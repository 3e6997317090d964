namespace LeanML.Ingestion.Internal;

/// <summary>Where a load writes rows: the file's columns from a batch, then _load_id and _source_line.</summary>
internal abstract class RowSink : IAsyncDisposable
{
    /// <summary>Writes every row of the batch; returns how many of them an upsert updated (rows that existed before).</summary>
    public abstract ValueTask<long> WriteAsync(RowBatch batch, CancellationToken cancellationToken);

    /// <summary>Finishes writing (the transaction is committed by the caller); returns rows updated at this step (a staged upsert).</summary>
    public virtual ValueTask<long> CompleteAsync(CancellationToken cancellationToken) => ValueTask.FromResult(0L);

    /// <summary>Records whose key appeared earlier in the same file (upserts; the last one wins).</summary>
    public virtual long Duplicates => 0;

    /// <summary>Releases the statements.</summary>
    public abstract ValueTask DisposeAsync();
}
