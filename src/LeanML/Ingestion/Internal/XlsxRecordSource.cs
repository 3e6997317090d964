using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace LeanML.Ingestion.Internal;

/// <summary>
/// An XLSX sheet read row by row (SAX): the first non-empty row is the header; cells formatted as dates (Excel serial
/// numbers) become ISO dates or timestamps; a row's "line" is its Excel row number.
/// </summary>
internal sealed class XlsxRecordSource : RecordSource
{
    private readonly string _path;
    private readonly SpreadsheetDocument _document;
    private readonly OpenXmlReader _reader;
    private readonly List<string> _shared = [];
    private readonly HashSet<uint> _dateStyles = [];
    private readonly List<string> _columns = [];
    private readonly List<string?> _values = [];

    public XlsxRecordSource(string path, string? sheet)
    {
        _path = path;
        try
        {
            _document = SpreadsheetDocument.Open(path, false);
            _reader = Open(sheet);
        }
        catch (Exception ex) when (IsDamaged(ex))
        {
            _document?.Dispose();
            throw Damaged(path, ex);
        }
    }

    private static bool IsDamaged(Exception ex) => ex is OpenXmlPackageException or InvalidDataException or IOException or FileFormatException or InvalidOperationException or System.Xml.XmlException or ArgumentException;

    private static LeanMLInputException Damaged(string path, Exception ex) =>
        new($"is not a readable XLSX workbook (an Excel .xlsx file is a zip of XML parts): {ex.Message} Save it again from Excel as .xlsx, or export it as CSV.", path, inner: ex);

    private OpenXmlReader Open(string? sheet)
    {
        var path = _path;
        var workbook = _document.WorkbookPart ?? throw new LeanMLInputException("is not a readable XLSX workbook: the zip holds no workbook part (xl/workbook.xml). Save it again from Excel as .xlsx, or export it as CSV.", path);
        var sheets = workbook.Workbook.Sheets?.Elements<Sheet>().ToList() ?? [];
        var chosen = sheet is null ? sheets.FirstOrDefault() : sheets.FirstOrDefault(s => string.Equals(s.Name?.Value, sheet, StringComparison.OrdinalIgnoreCase));
        if (chosen?.Id?.Value is null)
        {
            throw new LeanMLInputException(sheet is null ? "the workbook has no sheets." : $"no sheet named '{sheet}'; the sheets are: {string.Join(", ", sheets.Select(s => s.Name?.Value))}.", path, field: "--sheet");
        }

        if (sheet is null && sheets.Count > 1)
        {
            SheetNotice = $"the workbook has {sheets.Count} sheets ({string.Join(", ", sheets.Select(s => $"'{s.Name?.Value}'"))}); the first, '{chosen.Name?.Value}', was read: choose another with --sheet NAME";
        }

        if (workbook.SharedStringTablePart?.SharedStringTable is { } table)
        {
            foreach (var item in table.Elements<SharedStringItem>())
            {
                _shared.Add(item.InnerText);
            }
        }

        ReadDateStyles(workbook);
        var reader = OpenXmlReader.Create((WorksheetPart)workbook.GetPartById(chosen.Id.Value));
        while (ReadRow(reader, out var line))
        {
            if (_values.Any(v => !string.IsNullOrWhiteSpace(v)))
            {
                HeaderLine = line;
                _columns.AddRange(_values.Select(v => (v ?? "").Trim()));
                break;
            }
        }

        return reader;
    }

    /// <summary>Which sheets the workbook has when the first was read without --sheet and there are others; else null.</summary>
    public string? SheetNotice { get; private set; }

    /// <summary>The Excel row number of the header.</summary>
    public long HeaderLine { get; private set; }

    /// <inheritdoc/>
    public override IReadOnlyList<string> Columns => _columns;

    /// <inheritdoc/>
    public override IReadOnlyList<string?> Values => _values;

    /// <inheritdoc/>
    public override long BytesRead => 0;

    /// <inheritdoc/>
    public override bool Read()
    {
        try
        {
            return ReadNext();
        }
        catch (Exception ex) when (IsDamaged(ex))
        {
            throw Damaged(_path, ex);
        }
    }

    private bool ReadNext()
    {
        while (ReadRow(_reader, out var line))
        {
            if (!_values.Any(v => !string.IsNullOrWhiteSpace(v)))
            {
                continue;
            }

            Line = line;
            Error = null;
            for (var i = _columns.Count; i < _values.Count; i++)
            {
                if (!string.IsNullOrWhiteSpace(_values[i]))
                {
                    Error = $"has a value in column {ColumnLetters(i)}, beyond the header's {_columns.Count} columns";
                    break;
                }
            }

            return true;
        }

        return false;
    }

    /// <inheritdoc/>
    public override string RawText() => string.Join(",", _values.Select(v => v is null ? "" : v.Contains(',', StringComparison.Ordinal) || v.Contains('"', StringComparison.Ordinal) ? "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : v));

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        _reader?.Dispose();
        _document.Dispose();
    }

    private static string ColumnLetters(int index)
    {
        var s = "";
        for (index++; index > 0; index = (index - 1) / 26)
        {
            s = (char)('A' + ((index - 1) % 26)) + s;
        }

        return s;
    }

    private static int ColumnIndex(string? reference, int fallback)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return fallback;
        }

        var index = 0;
        foreach (var c in reference)
        {
            if (!char.IsAsciiLetter(c))
            {
                break;
            }

            index = (index * 26) + (char.ToUpperInvariant(c) - 'A' + 1);
        }

        return index - 1;
    }

    private static bool IsDateFormat(uint id, string? code)
    {
        // Built-in date and time formats of ECMA-376 part 1, 18.8.30 (14-22, 45-47) and common locale ones (27-36, 50-58).
        if (id is >= 14 and <= 22 or >= 27 and <= 36 or >= 45 and <= 47 or >= 50 and <= 58)
        {
            return true;
        }

        if (code is null)
        {
            return false;
        }

        var inQuote = false;
        var inBracket = false;
        foreach (var c in code)
        {
            switch (c)
            {
                case '"':
                    inQuote = !inQuote;
                    break;
                case '[':
                    inBracket = true;
                    break;
                case ']':
                    inBracket = false;
                    break;
                default:
                    if (!inQuote && !inBracket && c is 'y' or 'Y' or 'd' or 'D' or 'h' or 'H')
                    {
                        return true;
                    }

                    break;
            }
        }

        return false;
    }

    private void ReadDateStyles(WorkbookPart workbook)
    {
        var stylesheet = workbook.WorkbookStylesPart?.Stylesheet;
        if (stylesheet?.CellFormats is null)
        {
            return;
        }

        var custom = stylesheet.NumberingFormats?.Elements<NumberingFormat>()
            .Where(f => f.NumberFormatId?.Value is not null)
            .ToDictionary(f => f.NumberFormatId!.Value, f => f.FormatCode?.Value) ?? [];
        uint index = 0;
        foreach (var format in stylesheet.CellFormats.Elements<CellFormat>())
        {
            var id = format.NumberFormatId?.Value ?? 0;
            if (IsDateFormat(id, custom.GetValueOrDefault(id)))
            {
                _dateStyles.Add(index);
            }

            index++;
        }
    }

    private bool ReadRow(OpenXmlReader reader, out long line)
    {
        line = 0;
        _values.Clear();
        while (reader.Read())
        {
            if (reader.ElementType != typeof(Row) || !reader.IsStartElement)
            {
                continue;
            }

            var row = (Row)reader.LoadCurrentElement()!;
            line = row.RowIndex?.Value ?? line + 1;
            var position = 0;
            foreach (var cell in row.Elements<Cell>())
            {
                var at = ColumnIndex(cell.CellReference?.Value, position);
                position = at + 1;
                while (_values.Count <= at)
                {
                    _values.Add(null);
                }

                _values[at] = CellText(cell);
            }

            return true;
        }

        return false;
    }

    private string? CellText(Cell cell)
    {
        var type = cell.DataType?.Value;
        if (type == CellValues.InlineString)
        {
            return cell.InlineString?.InnerText;
        }

        var text = cell.CellValue?.Text;
        if (text is null)
        {
            return null;
        }

        if (type == CellValues.SharedString)
        {
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) && i >= 0 && i < _shared.Count ? _shared[i] : null;
        }

        if (type == CellValues.Boolean)
        {
            return text == "1" ? "true" : "false";
        }

        if (type == CellValues.Error)
        {
            return null;
        }

        if ((type is null || type == CellValues.Number) && cell.StyleIndex?.Value is { } style && _dateStyles.Contains(style)
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is > -657435 and < 2958466)
        {
            // Excel's serial dates (1900 system): days since 1899-12-30, the time as the fraction of a day.
            var date = DateTime.FromOADate(serial);
            date = new DateTime(date.Ticks - (date.Ticks % TimeSpan.TicksPerSecond) + (((date.Ticks % TimeSpan.TicksPerSecond) >= TimeSpan.TicksPerSecond / 2) ? TimeSpan.TicksPerSecond : 0), DateTimeKind.Utc);
            return date.TimeOfDay == TimeSpan.Zero ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : date.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        }

        return text;
    }

    /// <summary>For messages: the workbook.</summary>
    public override string ToString() => _path;
}
