using System.IO.Compression;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace LeanML.Examples;

/// <summary>
/// data/plans.xlsx: the price list as finance keeps it (currency and percent formats, a notes column), written with
/// the Open XML SDK. The package is then re-zipped with fixed entry times so the bytes depend on nothing but content.
/// </summary>
internal static class PlansWorkbook
{
    /// <summary>Entry timestamp of every part: the example's export date.</summary>
    private static readonly DateTimeOffset FixedTime = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    public static IReadOnlyList<string> Columns { get; } = ["Plan", "Monthly Price", "Seats Included", "Annual Discount", "Support", "Notes"];

    public static void Write(ExportFile file)
    {
        file.WriteBytes(Build());
        file.CountRows(ExamplePlan.All.Count);
    }

    internal static byte[] Build()
    {
        using var raw = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(raw, SpreadsheetDocumentType.Workbook))
        {
            // Explicit relationship ids: the SDK's generated ones are random.
            var workbookPart = document.AddWorkbookPart();
            document.ChangeIdOfPart(workbookPart, "rId1");
            workbookPart.Workbook = new Workbook();
            var strings = workbookPart.AddNewPart<SharedStringTablePart>("rId3");
            var styles = workbookPart.AddNewPart<WorkbookStylesPart>("rId2");
            styles.Stylesheet = Styles();
            var sheetPart = workbookPart.AddNewPart<WorksheetPart>("rId1");

            var shared = new List<string>();
            var data = new SheetData();
            var header = new Row { RowIndex = 1 };
            for (var i = 0; i < Columns.Count; i++)
            {
                header.Append(Text(shared, Columns[i], i, 1, style: 3));
            }

            data.Append(header);
            uint row = 2;
            foreach (var plan in ExamplePlan.All)
            {
                var r = new Row { RowIndex = row };
                r.Append(
                    Text(shared, plan.Name, 0, row),
                    Number((double)plan.MonthlyPrice, 1, row, style: 1),
                    Number(plan.SeatsIncluded, 2, row),
                    Number((double)plan.AnnualDiscount, 3, row, style: 2),
                    Text(shared, plan.Support, 4, row));
                if (plan == ExamplePlan.Enterprise)
                {
                    r.Append(Text(shared, "Price on request above 250 seats", 5, row));
                }

                data.Append(r);
                row++;
            }

            sheetPart.Worksheet = new Worksheet(
                new Columns(new Column { Min = 1, Max = 6, Width = 18, CustomWidth = true }),
                data);
            strings.SharedStringTable = new SharedStringTable(shared.Select(s => new SharedStringItem(new Text(s))))
            {
                Count = (uint)shared.Count,
                UniqueCount = (uint)shared.Count,
            };
            workbookPart.Workbook.Append(new Sheets(new Sheet { Id = "rId1", SheetId = 1, Name = "Price list" }));
        }

        return Normalise(raw.ToArray());
    }

    /// <summary>Rewrites the zip with the same entries in a fixed order, a fixed timestamp and no compression (deflate output may change between runtime versions; stored bytes do not).</summary>
    private static byte[] Normalise(byte[] package)
    {
        using var input = new ZipArchive(new MemoryStream(package), ZipArchiveMode.Read);
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in input.Entries.OrderBy(e => e.FullName, StringComparer.Ordinal))
            {
                var copy = zip.CreateEntry(entry.FullName, CompressionLevel.NoCompression);
                copy.LastWriteTime = FixedTime;
                using var from = entry.Open();
                using var to = copy.Open();
                from.CopyTo(to);
            }
        }

        return output.ToArray();
    }

    private static Cell Text(List<string> shared, string text, int column, uint row, uint style = 0)
    {
        var index = shared.IndexOf(text);
        if (index < 0)
        {
            shared.Add(text);
            index = shared.Count - 1;
        }

        return new Cell
        {
            CellReference = Reference(column, row),
            DataType = CellValues.SharedString,
            CellValue = new CellValue(index.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            StyleIndex = style == 0 ? null : style,
        };
    }

    private static Cell Number(double value, int column, uint row, uint style = 0) => new()
    {
        CellReference = Reference(column, row),
        CellValue = new CellValue(value),
        StyleIndex = style == 0 ? null : style,
    };

    private static string Reference(int column, uint row) => $"{(char)('A' + column)}{row}";

    /// <summary>Styles: 0 default, 1 US dollars ("$"#,##0.00), 2 percent (0%), 3 bold header.</summary>
    private static Stylesheet Styles() => new(
        new NumberingFormats(new NumberingFormat { NumberFormatId = 164, FormatCode = "\"$\"#,##0.00" }) { Count = 1 },
        new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border()) { Count = 1 },
        new CellStyleFormats(new CellFormat()) { Count = 1 },
        new CellFormats(
            new CellFormat(),
            new CellFormat { NumberFormatId = 164, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 9, ApplyNumberFormat = true },
            new CellFormat { FontId = 1, ApplyFont = true })
        { Count = 4 },
        new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });
}
