using System.Text;

namespace LeanML.Examples;

/// <summary>
/// One export being written: rows are composed in a buffer first, so a row can be written twice (the duplicated rows
/// of real exports). Written to a temporary name and moved into place only when the whole company is generated.
/// </summary>
internal sealed class ExportFile : IDisposable
{
    private readonly StreamWriter _file;
    private readonly StringBuilder _buffer = new(512);

    public ExportFile(string root, string relativePath)
    {
        RelativePath = relativePath;
        FinalPath = Path.Combine(root, relativePath);
        TempPath = FinalPath + ".partial";
        Directory.CreateDirectory(Path.GetDirectoryName(FinalPath)!);
        var stream = new FileStream(TempPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        _file = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16);
        Row = new StringWriter(_buffer, System.Globalization.CultureInfo.InvariantCulture) { NewLine = "\n" };
    }

    public string RelativePath { get; }

    public string FinalPath { get; }

    public string TempPath { get; }

    /// <summary>The row being composed.</summary>
    public TextWriter Row { get; }

    /// <summary>Data rows written (not counting the header).</summary>
    public long Rows { get; private set; }

    /// <summary>Writes a header or other line that is not a data row.</summary>
    public void WriteRaw(string text) => _file.Write(text);

    /// <summary>Writes binary content (the workbook).</summary>
    public void WriteBytes(byte[] bytes)
    {
        _file.Flush();
        _file.BaseStream.Write(bytes);
        Rows = 0;
    }

    /// <summary>Sets the row count of a binary file.</summary>
    public void CountRows(long rows) => Rows = rows;

    /// <summary>Writes the composed row (twice when <paramref name="duplicate"/>) and clears the buffer.</summary>
    public void EndRow(bool duplicate = false)
    {
        var copies = duplicate ? 2 : 1;
        for (var i = 0; i < copies; i++)
        {
            foreach (var chunk in _buffer.GetChunks())
            {
                _file.Write(chunk.Span);
            }
        }

        Rows += copies;
        _buffer.Clear();
    }

    /// <summary>Flushes and closes the temporary file.</summary>
    public void Complete() => _file.Flush();

    public void Dispose()
    {
        _file.Dispose();
        Row.Dispose();
    }
}
