using System.Data.Common;

namespace LeanML.Storage;

/// <summary>
/// Base of the stores of each capability (ingest log, runs, experiments…): one store type per capability over an
/// open database (the warehouse or the state store), writing its metadata tables through the engine seam.
/// </summary>
public abstract class MetadataStore
{
    /// <summary>Creates a store over an open, migrated database.</summary>
    protected MetadataStore(Database database) => Database = database;

    /// <summary>The database the store reads and writes.</summary>
    protected Database Database { get; }

    /// <summary>The open connection.</summary>
    protected DbConnection Connection => Database.Connection;

    /// <summary>The engine of the database.</summary>
    protected StorageEngine Engine => Database.Engine;

    /// <summary>The qualified, quoted name of a metadata table (<c>leanml."x"</c> or <c>"leanml_x"</c>).</summary>
    protected string Table(string name) => Engine.Meta(name);
}
