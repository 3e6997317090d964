using System.Data.Common;

namespace LeanML.Storage;

/// <summary>
/// Base of the stores of each capability (ingest log, runs, experiments…): one store type per capability
/// over the open warehouse, writing its metadata tables through the dialect seam.
/// </summary>
public abstract class MetadataStore
{
    /// <summary>Creates a store over an open, migrated warehouse.</summary>
    protected MetadataStore(Warehouse warehouse) => Warehouse = warehouse;

    /// <summary>The warehouse the store reads and writes.</summary>
    protected Warehouse Warehouse { get; }

    /// <summary>The open connection.</summary>
    protected DbConnection Connection => Warehouse.Connection;

    /// <summary>The dialect of the warehouse.</summary>
    protected SqlDialect Dialect => Warehouse.Dialect;

    /// <summary>The qualified, quoted name of a metadata table (<c>leanml_x</c> or <c>leanml."x"</c>).</summary>
    protected string Table(string name) => Dialect.Meta(name);
}
