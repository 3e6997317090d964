namespace LeanML.Ingestion;

/// <summary>How a load treats the rows already in the table.</summary>
public enum IngestMode
{
    /// <summary>Add the file's rows; new columns are added, missing ones are NULL.</summary>
    Append,

    /// <summary>Swap the table for the file's rows, atomically.</summary>
    Replace,

    /// <summary>Update rows whose key matches, insert the others; inside one file the last duplicate wins.</summary>
    Upsert,
}
