using LeanML.Ingestion;
using LeanML.Ingestion.Internal;

namespace LeanML.Tests.Ingestion;

public sealed class ColumnInferenceTests
{
    private static InferredColumn Infer(params string?[] values)
    {
        var inference = new ColumnInference();
        foreach (var v in values)
        {
            if (v is not null)
            {
                inference.Observe(v);
            }
        }

        return inference.Result("c");
    }

    [Fact]
    public void Blank_cells_do_not_stop_a_number_column() =>
        // The Telco TotalCharges quirk: single-space cells among numbers are NULLs, the column stays numeric.
        Assert.Equal(ColumnType.Real, Infer("29.85", " ", "1889.5", "", null).Type);

    [Fact]
    public void Integers_widen_to_real_over_the_whole_column() => Assert.Equal(ColumnType.Real, Infer("1", "2", "3.5").Type);

    [Fact]
    public void One_word_makes_a_column_text() => Assert.Equal(ColumnType.Text, Infer("1", "2", "unknown").Type);

    [Fact]
    public void Missing_value_tokens_as_pandas_reads_them_do_not_make_a_number_column_text()
    {
        // pandas.read_csv's default na_values include these; '-' alone is not one of them.
        Assert.Equal(ColumnType.Integer, Infer("1", "n/a", "NA", "N/A", "NULL", "null", "NaN", "nan", "None", "#N/A", "2").Type);
        Assert.Equal(ColumnType.Text, Infer("1", "-", "2").Type);
    }

    [Fact]
    public void Decimal_commas_make_a_real_column_when_every_value_reads_that_way_and_one_proves_it()
    {
        var proven = new ColumnInference();
        foreach (var v in new[] { "12,5", "1.234,75", "99", "0,05" })
        {
            proven.Observe(v);
        }

        Assert.Equal((ColumnType.Real, true), (proven.Result("x").Type, proven.Result("x").DecimalComma));
        // "1,250" alone reads as a thousands separator (money without a symbol): not proven, the English reading stays.
        Assert.Equal((ColumnType.Real, false), (Infer("1,250", "3,000").Type, Infer("1,250", "3,000").DecimalComma));
        Assert.Equal(ColumnType.Text, Infer("1.5", "12,5").Type);
    }

    [Fact]
    public void Leading_zero_codes_stay_text() => Assert.Equal(ColumnType.Text, Infer("02134", "10001").Type);

    [Fact]
    public void Zero_and_one_are_integers_not_booleans() => Assert.Equal(ColumnType.Integer, Infer("0", "1", "1").Type);

    [Fact]
    public void Yes_no_is_boolean() => Assert.Equal(ColumnType.Boolean, Infer("Yes", "No", "yes").Type);

    [Fact]
    public void Currency_amounts_are_money_with_their_unit()
    {
        var c = Infer("$1,234.50", "$12", "3.40");
        Assert.Equal(ColumnType.Money, c.Type);
        Assert.Equal("USD", c.Unit);
    }

    [Fact]
    public void Thousands_separators_alone_make_a_real() => Assert.Equal(ColumnType.Real, Infer("1,234.5", "12").Type);

    [Fact]
    public void Mixed_currencies_are_text_with_a_warning()
    {
        var c = Infer("$1", "€2");
        Assert.Equal(ColumnType.Text, c.Type);
        Assert.Contains("currencies", c.Warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Day_month_order_is_decided_by_any_value_above_twelve()
    {
        var us = Infer("01/02/2024", "12/31/2024");
        Assert.Equal((ColumnType.Date, DateOrder.MonthFirst), (us.Type, us.Order));
        var eu = Infer("01/02/2024", "31/12/2024");
        Assert.Equal((ColumnType.Date, DateOrder.DayFirst), (eu.Type, eu.Order));
    }

    [Fact]
    public void Undecidable_day_month_order_is_text_with_a_warning_never_a_guess()
    {
        var c = Infer("01/02/2024", "03/04/2024");
        Assert.Equal(ColumnType.Text, c.Type);
        Assert.Contains("cannot be decided", c.Warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Both_orders_in_one_column_is_text_with_a_warning()
    {
        var c = Infer("13/01/2024", "01/13/2024");
        Assert.Equal(ColumnType.Text, c.Type);
        Assert.NotNull(c.Warning);
    }

    [Fact]
    public void A_time_anywhere_makes_a_timestamp() => Assert.Equal(ColumnType.Timestamp, Infer("2024-01-01", "2024-01-02 10:00").Type);

    [Fact]
    public void An_empty_column_is_text_and_marked_empty()
    {
        var c = Infer(" ", "");
        Assert.Equal(ColumnType.Text, c.Type);
        Assert.True(c.Empty);
    }

    [Theory]
    [InlineData(ColumnType.Integer, ColumnType.Real, ColumnType.Real)]
    [InlineData(ColumnType.Real, ColumnType.Integer, ColumnType.Real)]
    [InlineData(ColumnType.Integer, ColumnType.Text, ColumnType.Text)]
    [InlineData(ColumnType.Real, ColumnType.Date, ColumnType.Text)]
    [InlineData(ColumnType.Timestamp, ColumnType.Date, ColumnType.Timestamp)]
    [InlineData(ColumnType.Boolean, ColumnType.Integer, ColumnType.Text)]
    public void Widening_goes_integer_real_text(ColumnType existing, ColumnType incoming, ColumnType expected) =>
        Assert.Equal(expected, ColumnTypes.Widen(existing, incoming));

    // Columns whose types hang on the order values come in: late non-integers, currencies, day/month orders, decimal commas.
    private static readonly string[][] Columns =
    [
        ["1", "2", "", "3", "4.5", "6"],
        ["$1.00", "$2", "3", "$4.50", "5"],
        ["$1.00", "3", "€2", "4"],
        ["01/02/2024", "02/03/2024", "13/02/2024", "05/06/2024"],
        ["01/02/2024", "02/03/2024", "02/13/2024"],
        ["01/02/2024", "13/02/2024", "02/13/2024"],
        ["2024-01-05", "2024-01-06 10:00:00", "2024-01-07"],
        ["12,5", "3", "1.234,56", "7"],
        ["1", "1,000", "2"],
        ["yes", "no", "yes", "1"],
        ["true", "false", "maybe"],
        ["1", "2", "3"],
        ["0.5", "1e3", "-2"],
        ["a", "1", "2"],
    ];

    private static ColumnInference Watch(IEnumerable<string> values, ColumnInference? into = null)
    {
        var inference = into ?? new ColumnInference();
        foreach (var v in values)
        {
            inference.Observe(v);
        }

        return inference;
    }

    [Fact]
    public void Merging_what_two_watchers_saw_of_a_columns_two_parts_gives_what_one_watcher_of_the_whole_column_gives()
    {
        // A load's workers each watch the batches they convert; the merge must not depend on where the file was cut.
        foreach (var column in Columns)
        {
            var whole = Watch(column).Result("c");
            for (var cut = 0; cut <= column.Length; cut++)
            {
                var first = Watch(column.Take(cut));
                first.Merge(Watch(column.Skip(cut)));
                Assert.Equal(whole, first.Result("c"));
                Assert.Equal(Watch(column).Values, first.Values);

                // And in either order (workers finish in any order).
                var second = Watch(column.Skip(cut));
                second.Merge(Watch(column.Take(cut)));
                Assert.Equal(whole, second.Result("c"));
            }
        }
    }

    [Theory]
    [InlineData(ColumnType.Integer)]
    [InlineData(ColumnType.Real)]
    [InlineData(ColumnType.Money)]
    [InlineData(ColumnType.Boolean)]
    [InlineData(ColumnType.Date)]
    [InlineData(ColumnType.Timestamp)]
    [InlineData(ColumnType.Text)]
    public void A_converter_that_shows_its_cells_to_inference_leaves_the_inference_observing_them_gives(ColumnType type)
    {
        // The load converts and infers in one reading of a cell; inference must end where observing every cell ends,
        // whether the cells convert or not, and whatever it watched before (each cut starts a new watcher, as a worker does).
        foreach (var order in new[] { DateOrder.MonthFirst, DateOrder.DayFirst })
        {
            var converter = new ValueConverter(type, type == ColumnType.Money ? "USD" : null, order);
            foreach (var column in Columns)
            {
                for (var cut = 0; cut < column.Length; cut++)
                {
                    var observed = Watch(column.Skip(cut));
                    var converting = new ColumnInference();
                    var batch = new RowBatch(1);
                    foreach (var v in column.Skip(cut))
                    {
                        converter.TryConvert(v, absent: false, batch, 0, converting, out _);
                    }

                    Assert.Equal(observed.Result("c"), converting.Result("c"));
                    Assert.Equal(observed.Values, converting.Values);
                }
            }
        }
    }
}
