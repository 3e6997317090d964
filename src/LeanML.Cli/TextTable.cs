using System.Globalization;

namespace LeanML.Cli;

/// <summary>Renders rows as an aligned plain-text table (numbers right-aligned), for human output.</summary>
internal static class TextTable
{
    public static void Write(TextWriter w, IReadOnlyList<string> headers, IEnumerable<object?[]> rows, int maxWidth = 40)
    {
        var cells = rows.Select(r => r.Select(v => Cell(v, maxWidth)).ToArray()).ToList();
        var numeric = headers.Select((_, i) => cells.Count > 0 && cells.All(r => r[i].Length == 0 || double.TryParse(r[i], NumberStyles.Float, CultureInfo.InvariantCulture, out double _))).ToArray();
        var widths = headers.Select((h, i) => Math.Max(h.Length, cells.Count == 0 ? 0 : cells.Max(r => r[i].Length))).ToArray();
        w.WriteLine(string.Join("  ", headers.Select((h, i) => numeric[i] ? h.PadLeft(widths[i]) : h.PadRight(widths[i]))).TrimEnd());
        w.WriteLine(string.Join("  ", widths.Select(x => new string('-', x))));
        foreach (var r in cells)
        {
            w.WriteLine(string.Join("  ", r.Select((c, i) => numeric[i] ? c.PadLeft(widths[i]) : c.PadRight(widths[i]))).TrimEnd());
        }
    }

    public static string Cell(object? value, int maxWidth = int.MaxValue)
    {
        var s = value switch
        {
            null => "",
            double d => d.ToString("0.######", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        s = s.Replace('\n', ' ').Replace('\r', ' ');
        return s.Length <= maxWidth ? s : s[..(maxWidth - 1)] + "…";
    }
}
