using LeanML.Training;

namespace LeanML.Tests.Training;

public sealed class RadixSortTests
{
    // Values that trip key mappings: both zeros, both infinities, the extremes, subnormals, and many duplicates.
    private static readonly float[] Awkward =
        [0f, -0f, 1f, -1f, float.PositiveInfinity, float.NegativeInfinity, float.MaxValue, float.MinValue, float.Epsilon, -float.Epsilon, 0.5f, 0.5f, -2.5f, 3e-39f, -3e-39f];

    [Fact]
    public void Float_scores_come_out_in_the_order_array_sort_gives()
    {
        // Scores are float32 predictions widened to double: the awkward values, random ones, and many ties.
        var random = new Random(7);
        var values = Awkward.Concat(Enumerable.Range(0, 100_000).Select(_ => (float)((random.NextDouble() - 0.3) * Math.Pow(10, random.Next(-5, 6))))).ToArray();
        values = values.Concat(values.Take(values.Length / 4)).ToArray();
        var expected = values.ToArray();
        Array.Sort(expected);

        var order = RadixSort.Order(values.Select(v => (double)v).ToArray());

        // -0 and +0 are equal to Array.Sort, which leaves their order open: compare them as one value.
        Assert.Equal(expected.Select(v => v == 0 ? 0f : v), order.Select(i => values[i] == 0 ? 0f : values[i]));
    }

    [Fact]
    public void Small_and_uniform_inputs_are_ordered_too()
    {
        Assert.Empty(RadixSort.Order([]));
        Assert.Equal([0], RadixSort.Order([3.0]));
        Assert.Equal([0, 1, 2], RadixSort.Order([2.0, 2.0, 2.0]));
        Assert.Equal([1, 0], RadixSort.Order([1.0, -1.0]));
    }

    [Fact]
    public void The_order_is_ascending_by_score_and_stable_among_equal_scores()
    {
        double[] scores = [0.5, double.NaN, -0.0, 0.25, 0.5, double.NegativeInfinity, 0.0, 1e300, 0.25, -1e-300, double.PositiveInfinity];

        var order = RadixSort.Order(scores);

        // NaN first (as Array.Sort puts it), then ascending; -0 and +0 are one group in row order (2 before 6).
        Assert.Equal([1, 5, 9, 2, 6, 3, 8, 0, 4, 7, 10], order);
    }

    [Fact]
    public void The_descending_order_keeps_row_order_among_equal_scores()
    {
        double[] scores = [0.5, 0.9, 0.5, double.NaN, 0.1, 0.9];

        var order = RadixSort.Order(scores, descending: true);

        // Highest first, ties in row order, NaN last (the smallest score).
        Assert.Equal([1, 5, 0, 2, 4, 3], order);
    }

    [Fact]
    public void A_large_order_matches_a_stable_sort()
    {
        var random = new Random(11);
        // Probabilities of a 100-tree model: many exact ties, as float32 values widened to double.
        var scores = Enumerable.Range(0, 200_000).Select(_ => (double)(float)Math.Round(random.NextDouble(), 4)).ToArray();
        var expected = Enumerable.Range(0, scores.Length).OrderBy(i => scores[i]).ToArray(); // LINQ's OrderBy is stable

        Assert.Equal(expected, RadixSort.Order(scores));
        Assert.Equal(Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).ToArray(), RadixSort.Order(scores, descending: true));
    }
}
