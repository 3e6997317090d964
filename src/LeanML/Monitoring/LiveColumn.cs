using System.Runtime.CompilerServices;

namespace LeanML.Monitoring;

/// <summary>
/// Live values of one column counted on its reference's grid as they stream past (constant memory, any number of
/// rows): numbers into the reference's percentile bins with the exact moments and the mass beyond the reference's
/// range, categories into its top categories and "other". Not thread-safe: one per reader, merged after.
/// </summary>
public sealed class LiveColumn
{
    private readonly double[] _cuts;
    private readonly int[]? _codeBins;
    private readonly double _refMin;
    private readonly double _refMax;
    private readonly long[] _bins;

    /// <summary>
    /// Starts counting against <paramref name="reference"/>; for a category column, <paramref name="codeNames"/> names
    /// the codes <see cref="Add"/> will be given (a feature's categories, a model's classes).
    /// </summary>
    public LiveColumn(ColumnProfile reference, IReadOnlyList<string>? codeNames = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        Reference = reference;
        _cuts = [.. reference.Cuts];
        _refMin = reference.Min ?? 0;
        _refMax = reference.Max ?? 0;
        _bins = new long[reference.BinCounts.Count];
        if (reference.IsCategory)
        {
            var top = reference.Categories.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
            _codeBins = [.. (codeNames ?? []).Select(c => top.TryGetValue(c, out var i) ? i : reference.Categories.Count)];
        }

        Min = double.PositiveInfinity;
        Max = double.NegativeInfinity;
    }

    /// <summary>The reference this column is counted against.</summary>
    public ColumnProfile Reference { get; }

    /// <summary>Rows per reference bin (numbers: values below the reference's minimum in the first, above its maximum in the last).</summary>
    public IReadOnlyList<long> Bins => _bins;

    /// <summary>Rows with a value.</summary>
    public long Count { get; private set; }

    /// <summary>Rows without one.</summary>
    public long Nulls { get; private set; }

    /// <summary>Category values training never saw (counted in "other").</summary>
    public long Unseen { get; private set; }

    /// <summary>Values below the reference's minimum.</summary>
    public long Below { get; private set; }

    /// <summary>Σ (reference minimum − value) over the values below it.</summary>
    public double BelowExcess { get; private set; }

    /// <summary>Values above the reference's maximum.</summary>
    public long Above { get; private set; }

    /// <summary>Σ (value − reference maximum) over the values above it.</summary>
    public double AboveExcess { get; private set; }

    /// <summary>Σ value.</summary>
    public double Sum { get; private set; }

    /// <summary>Σ value².</summary>
    public double SumOfSquares { get; private set; }

    /// <summary>Values at or above 0.5.</summary>
    public long AtLeastHalf { get; private set; }

    /// <summary>The smallest value seen.</summary>
    public double Min { get; private set; }

    /// <summary>The largest value seen.</summary>
    public double Max { get; private set; }

    /// <summary>Counts one value: a number, or the code of a category; NaN is a null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(float value)
    {
        if (float.IsNaN(value))
        {
            Nulls++;
            return;
        }

        Count++;
        if (_codeBins is not null)
        {
            var code = (int)value;
            _bins[code >= 0 && code < _codeBins.Length ? _codeBins[code] : _bins.Length - 1]++;
            return;
        }

        double v = value;
        Sum += v;
        SumOfSquares += v * v;
        Min = Math.Min(Min, v);
        Max = Math.Max(Max, v);
        AtLeastHalf += v >= 0.5 ? 1 : 0;
        if (v < _refMin)
        {
            Below++;
            BelowExcess += _refMin - v;
        }
        else if (v > _refMax)
        {
            Above++;
            AboveExcess += v - _refMax;
        }

        _bins[CutsAtOrBelow(_cuts, v)]++;
    }

    /// <summary>
    /// The number of the (sorted, distinct) cuts at or below <paramref name="v"/>: the bin a value falls in. A binary
    /// search whose steps pick the next start with a conditional move rather than a branch (a value's bin is random, so
    /// a branch would be mispredicted half the time; this runs for every number of every row).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int CutsAtOrBelow(ReadOnlySpan<double> cuts, double v)
    {
        var n = cuts.Length;
        if (n == 0)
        {
            return 0;
        }

        var start = 0;
        while (n > 1)
        {
            var half = n >> 1;
            start = cuts[start + half] <= v ? start + half : start;
            n -= half;
        }

        return start + (cuts[start] <= v ? 1 : 0);
    }

    /// <summary>Counts a category value training never saw: a value, in "other", and unseen.</summary>
    public void AddUnseen()
    {
        Count++;
        Unseen++;
        _bins[^1]++;
    }

    /// <summary>Adds another counter of the same reference (one per thread or slice).</summary>
    public void Merge(LiveColumn other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (var i = 0; i < _bins.Length; i++)
        {
            _bins[i] += other._bins[i];
        }

        Count += other.Count;
        Nulls += other.Nulls;
        Unseen += other.Unseen;
        Below += other.Below;
        BelowExcess += other.BelowExcess;
        Above += other.Above;
        AboveExcess += other.AboveExcess;
        Sum += other.Sum;
        SumOfSquares += other.SumOfSquares;
        AtLeastHalf += other.AtLeastHalf;
        Min = Math.Min(Min, other.Min);
        Max = Math.Max(Max, other.Max);
    }
}
