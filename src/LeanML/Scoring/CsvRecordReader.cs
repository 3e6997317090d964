using System.Text;

namespace LeanML.Scoring;

/// <summary>
/// A small streaming RFC 4180 CSV reader for scoring input (quoted fields, doubled quotes, CRLF or LF), isolated so
/// it can be swapped for the ingestion readers. Yields each record with the 1-based line it starts on.
/// </summary>
public sealed class CsvRecordReader(TextReader reader, char delimiter = ',')
{
    private int _line = 1;

    /// <summary>Reads the next record; null at the end of the input.</summary>
    public (int Line, string[] Fields)? Read()
    {
        var first = reader.Peek();
        if (first < 0)
        {
            return null;
        }

        var start = _line;
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        while (true)
        {
            var c = reader.Read();
            if (c < 0)
            {
                if (quoted)
                {
                    throw new LeanMLInputException("a quoted field is not closed before the end of the file.", line: start);
                }

                fields.Add(field.ToString());
                return (start, [.. fields]);
            }

            if (quoted)
            {
                if (c == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        _line++;
                    }

                    field.Append((char)c);
                }

                continue;
            }

            if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == delimiter)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && reader.Peek() == '\n')
            {
                continue;
            }
            else if (c == '\n')
            {
                _line++;
                fields.Add(field.ToString());
                return (start, [.. fields]);
            }
            else
            {
                field.Append((char)c);
            }
        }
    }

    /// <summary>Quotes a field for CSV output when it holds a delimiter, quote or line break.</summary>
    public static string Quote(string value, char delimiter = ',') =>
        value.AsSpan().IndexOfAny([delimiter, '"', '\n', '\r']) < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
