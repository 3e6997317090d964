namespace LeanML.Scoring;

/// <summary>CSV output helpers for scores; reading CSV is the ingestion reader's job (one reader per format).</summary>
public static class CsvText
{
    /// <summary>Quotes a field for CSV output when it holds a delimiter, quote or line break.</summary>
    public static string Quote(string value, char delimiter = ',') =>
        value.AsSpan().IndexOfAny([delimiter, '"', '\n', '\r']) < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
