using System.Text;
using LeanML.Features;
using LeanML.Training;

namespace LeanML.Tests.Training;

public sealed class ColumnBufferTests
{
    [Fact]
    public void Values_read_back_across_chunks_whatever_kind_comes_first()
    {
        // 200,000 rows: NULLs only until row 70,000 (through many growths of the buffer), then text, then from row 100,000 on
        // numbers and text mixed with NULLs; each value must read back as it was added.
        const int rows = 200_000;
        var buffer = new ColumnBuffer("c");
        var expected = new string?[rows];
        for (var r = 0; r < rows; r++)
        {
            expected[r] = r < 70_000 ? null : r < 100_000 ? $"t{r % 7}" : (r % 3) switch { 0 => null, 1 => $"t{r % 5}", _ => (r % 1000).ToString(System.Globalization.CultureInfo.InvariantCulture) };
            if (expected[r] is null)
            {
                buffer.Add(null);
            }
            else if (expected[r]![0] == 't')
            {
                buffer.AddText(Encoding.UTF8.GetBytes(expected[r]!));
            }
            else
            {
                buffer.AddNumber(double.Parse(expected[r]!, System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        Assert.Equal(rows, buffer.Count);
        Assert.Equal(expected.Count(e => e is not null), buffer.NonNull);
        for (var r = 0; r < rows; r++)
        {
            Assert.Equal(expected[r], buffer.Text(r));
            Assert.Equal(expected[r] is null, buffer.IsNull(r));
        }
    }

    [Fact]
    public void A_text_column_encodes_each_value_to_its_rank_in_ordinal_order()
    {
        var buffer = new ColumnBuffer("plan");
        string[] values = ["monthly", "annual", "trial", "annual", "Ünlimited", "monthly"];
        foreach (var v in values)
        {
            buffer.AddText(Encoding.UTF8.GetBytes(v));
        }

        buffer.AddText("trial");   // the same value through the string path gets the same code
        buffer.Add(null);
        var (spec, encoded) = buffer.Encode(Enumerable.Range(0, buffer.Count).ToArray());
        Assert.Equal(FeatureKind.Category, spec.Kind);
        Assert.Equal(["annual", "monthly", "trial", "Ünlimited"], spec.Categories);   // ordinal: 'Ü' (U+00DC) after 't'
        Assert.Equal([1f, 0f, 2f, 0f, 3f, 1f, 2f, float.NaN], encoded);
        Assert.True(spec.AllowsMissing);
    }
}
