namespace LeanML.Ingestion.Internal;

/// <summary>Where pass 2 writes rows: the file's columns, then _load_id and _source_line.</summary>
internal abstract class RowSink : IAsyncDisposable
{
    /// <summary>Writes one row; returns true when an upsert updated a row that existed before.</summary>
    public abstract ValueTask<bool> WriteAsync(object?[] row, CancellationToken cancellationToken);

    /// <summary>Finishes writing (the transaction is committed by the caller).</summary>
    public virtual ValueTask CompleteAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Releases the statements.</summary>
    public abstract ValueTask DisposeAsync();
}
