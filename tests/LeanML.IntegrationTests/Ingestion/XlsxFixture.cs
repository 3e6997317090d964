using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace LeanML.IntegrationTests.Ingestion;

/// <summary>Writes a small real XLSX workbook with DocumentFormat.OpenXml: strings inline, dates as serials with a date style.</summary>
internal static class XlsxFixture
{
    public static void Write(string path, string sheetName, string[] header, object[][] rows)
    {
        using var doc = SpreadsheetDocument.Create(path, SpreadsheetDocumentType.Workbook);
        var workbook = doc.AddWorkbookPart();
        workbook.Workbook = new Workbook();
        var styles = workbook.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = new Stylesheet(
            new Fonts(new Font()),
            new Fills(new Fill()),
            new Borders(new Border()),
            new CellFormats(new CellFormat(), new CellFormat { NumberFormatId = 14, ApplyNumberFormat = true }));
        var sheetPart = workbook.AddNewPart<WorksheetPart>();
        var data = new SheetData();
        data.Append(Row(1, header.Cast<object>().ToArray()));
        for (var i = 0; i < rows.Length; i++)
        {
            data.Append(Row((uint)(i + 2), rows[i]));
        }

        sheetPart.Worksheet = new Worksheet(data);
        workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = sheetName }));
        workbook.Workbook.Save();
    }

    private static Row Row(uint index, object[] values)
    {
        var row = new Row { RowIndex = index };
        for (var i = 0; i < values.Length; i++)
        {
            var reference = ((char)('A' + i)).ToString() + index;
            row.Append(values[i] switch
            {
                string s => new Cell { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(new Text(s)) },
                bool b => new Cell { CellReference = reference, DataType = CellValues.Boolean, CellValue = new CellValue(b ? "1" : "0") },
                DateTime d => new Cell { CellReference = reference, StyleIndex = 1, CellValue = new CellValue(d.ToOADate().ToString(System.Globalization.CultureInfo.InvariantCulture)) },
                double x => new Cell { CellReference = reference, CellValue = new CellValue(x.ToString(System.Globalization.CultureInfo.InvariantCulture)) },
                int n => new Cell { CellReference = reference, CellValue = new CellValue(n.ToString(System.Globalization.CultureInfo.InvariantCulture)) },
                _ => new Cell { CellReference = reference },
            });
        }

        return row;
    }
}
