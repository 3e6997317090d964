using LeanML.Features;
using LeanML.Training;

namespace LeanML.Tests.Training;

public sealed class FeatureDistributionsTests
{
    private static readonly FeatureSpec Number = new("x", FeatureKind.Number, null, true);

    [Theory]
    [InlineData(0)]      // many ties: few distinct values (like months of tenure or call counts)
    [InlineData(1)]      // continuous values
    [InlineData(2)]      // one value everywhere
    public void Decile_edges_and_counts_match_a_plain_sort(int shape)
    {
        var random = new Random(11 + shape);
        var column = Enumerable.Range(0, 50_001).Select(i => i % 97 == 0 ? float.NaN : shape switch
        {
            0 => random.Next(0, 12),
            1 => (float)(random.NextDouble() * 1000 - 300),
            _ => 4.5f,
        }).ToArray();
        var rows = Enumerable.Range(0, column.Length).Where(i => i % 3 != 0).ToArray();   // a training split's rows

        var d = FeatureDistributions.Of(Number, column, rows);

        // Independent: sort the split's non-missing values; edge q is the value at floor(q n / 10), repeats dropped;
        // bin i counts the values in [edge i-1, edge i).
        var sorted = rows.Select(r => column[r]).Where(v => !float.IsNaN(v)).Order().ToArray();
        var n = sorted.Length;
        var edges = Enumerable.Range(1, 9).Select(q => (double)sorted[(int)Math.Floor(q * n / 10.0)]).Distinct().ToList();
        var counts = new long[edges.Count + 1];
        foreach (var v in sorted)
        {
            counts[edges.Count(e => v >= e)]++;
        }

        Assert.Equal(edges, d.BinEdges);
        Assert.Equal(counts, d.BinCounts);
        Assert.Equal(rows.LongLength - n, d.Missing);
    }
}
