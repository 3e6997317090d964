namespace LeanML.Ingestion;

/// <summary>The input formats ingestion reads.</summary>
public enum IngestFormat
{
    /// <summary>Delimited text; the delimiter is detected among , ; tab |.</summary>
    Csv,

    /// <summary>Tab-separated text.</summary>
    Tsv,

    /// <summary>A JSON array of objects (a file of one object per line is read as JSON Lines).</summary>
    Json,

    /// <summary>JSON Lines: one object per line.</summary>
    Jsonl,

    /// <summary>An Excel workbook (first sheet unless one is named).</summary>
    Xlsx,

    /// <summary>Apache Parquet: the column types come from the file.</summary>
    Parquet,
}
