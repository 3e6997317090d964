using System.Text;
using LeanML.Ingestion;
using LeanML.Ingestion.Internal;

namespace LeanML.Tests.Ingestion;

public sealed class RowBatchTests
{
    [Fact]
    public void Cells_keep_their_type_and_text_is_utf8()
    {
        var batch = new RowBatch(4);
        batch.SetInteger(0, long.MinValue);
        batch.SetReal(1, -0.1);
        batch.SetText(2, "Zürich € 東京");
        batch.SetNull(3);
        batch.EndRow(7);
        Assert.Equal(1, batch.Count);
        Assert.Equal([CellKind.Integer, CellKind.Real, CellKind.Text, CellKind.Null], Enumerable.Range(0, 4).Select(c => batch.Kind(0, c)));
        Assert.Equal(long.MinValue, batch.Integer(0, 0));
        Assert.Equal(-0.1, batch.Real(0, 1));
        Assert.Equal(Encoding.UTF8.GetBytes("Zürich € 東京"), batch.Utf8(0, 2).ToArray());
        Assert.Equal(["Zürich € 東京", DBNull.Value], new[] { batch.Value(0, 2), batch.Value(0, 3) });
        Assert.Equal(7L, batch.Line(0));
    }

    [Fact]
    public void A_dropped_row_leaves_no_trace_and_the_next_row_takes_its_place()
    {
        var batch = new RowBatch(2);
        var converter = new ValueConverter(ColumnType.Text, null, DateOrder.Unknown);
        var integer = new ValueConverter(ColumnType.Integer, null, DateOrder.Unknown);
        Assert.True(converter.TryConvert("kept", false, batch, 0, out _));
        Assert.True(integer.TryConvert("1", false, batch, 1, out _));
        batch.EndRow(2);
        Assert.True(converter.TryConvert("dropped", false, batch, 0, out _));
        Assert.False(integer.TryConvert("x", false, batch, 1, out var reason));
        Assert.Equal("is not a whole number", reason);
        batch.DropRow();
        Assert.True(converter.TryConvert("next", false, batch, 0, out _));
        Assert.True(integer.TryConvert(" ", false, batch, 1, out _));
        batch.EndRow(4);
        Assert.Equal(2, batch.Count);
        Assert.Equal(["kept", 1L, "next", DBNull.Value], new[] { batch.Value(0, 0), batch.Value(0, 1), batch.Value(1, 0), batch.Value(1, 1) });
    }

    [Fact]
    public void A_full_batch_of_long_text_grows_its_buffer_and_reuse_starts_empty()
    {
        var batch = new RowBatch(1);
        var text = new string('x', 500) + "é";
        for (var r = 0; r < RowBatch.Size; r++)
        {
            batch.SetText(0, text);
            batch.EndRow(r + 2);
        }

        Assert.All(Enumerable.Range(0, RowBatch.Size), r => Assert.Equal(text, batch.Value(r, 0)));
        batch.Clear();
        Assert.Equal(0, batch.Count);
        batch.SetText(0, "a");
        batch.EndRow(1);
        Assert.Equal("a", batch.Value(0, 0));
    }
}
