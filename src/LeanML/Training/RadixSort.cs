using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace LeanML.Training;

/// <summary>
/// A stable LSD radix sort (16 bits a pass) for the sort a training run does once over every row: the metrics' score
/// order. Array.Sort's generic helpers for float and (double, int) are not precompiled,
/// so in a CLI process that sorts once they first run as unoptimized tier-0 code (perf: most of the time after
/// training went there); this one is compiled optimized at once and takes linear time.
/// </summary>
internal static class RadixSort
{
    private const int Digit = 16;
    private const int Buckets = 1 << Digit;

    /// <summary>
    /// The row indexes ordered by score, ascending or descending; equal scores (-0 and +0 included) keep row order.
    /// NaN counts as the smallest score, as in Array.Sort.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int[] Order(ReadOnlySpan<double> scores, bool descending = false)
    {
        var n = scores.Length;
        var order = new int[n];
        var keys = ArrayPool<ulong>.Shared.Rent(n);
        var tempKeys = ArrayPool<ulong>.Shared.Rent(n);
        var tempOrder = ArrayPool<int>.Shared.Rent(n);
        var counts = ArrayPool<int>.Shared.Rent(Buckets * 4);
        try
        {
            Array.Clear(counts, 0, Buckets * 4);
            var flip = descending ? ulong.MaxValue : 0UL;
            ulong any = 0, all = ulong.MaxValue;
            for (var i = 0; i < n; i++)
            {
                var key = Key(scores[i]) ^ flip;
                keys[i] = key;
                order[i] = i;
                any |= key;
                all &= key;
            }

            // Only the bits that differ between keys need passes: float32 scores in (0, 1) widened to double differ
            // in about 30 bits, two passes instead of four.
            var varying = any ^ all;
            var low = varying == 0 ? 0 : BitOperations.TrailingZeroCount(varying);
            var passes = varying == 0 ? 0 : (64 - BitOperations.LeadingZeroCount(varying) - low + Digit - 1) / Digit;
            for (var i = 0; i < n; i++)
            {
                var key = keys[i] >> low;
                for (var pass = 0; pass < passes; pass++)
                {
                    counts[(pass * Buckets) + (int)((key >> (pass * Digit)) & 0xFFFF)]++;
                }
            }

            var (fromKeys, toKeys, fromOrder, toOrder) = (keys, tempKeys, order, tempOrder);
            for (var pass = 0; pass < passes; pass++)
            {
                var count = counts.AsSpan(pass * Buckets, Buckets);
                if (!Offsets(count, n))
                {
                    continue;
                }

                var shift = low + (pass * Digit);
                for (var i = 0; i < n; i++)
                {
                    var at = count[(int)((fromKeys[i] >> shift) & 0xFFFF)]++;
                    toKeys[at] = fromKeys[i];
                    toOrder[at] = fromOrder[i];
                }

                (fromKeys, toKeys, fromOrder, toOrder) = (toKeys, fromKeys, toOrder, fromOrder);
            }

            if (!ReferenceEquals(fromOrder, order))
            {
                fromOrder.AsSpan(0, n).CopyTo(order);
            }

            return order;
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(keys);
            ArrayPool<ulong>.Shared.Return(tempKeys);
            ArrayPool<int>.Shared.Return(tempOrder);
            ArrayPool<int>.Shared.Return(counts);
        }
    }

    // Turns a digit's counts into start offsets; false when every value has the same digit (the pass would move nothing).
    private static bool Offsets(Span<int> count, int n)
    {
        var sum = 0;
        for (var b = 0; b < count.Length; b++)
        {
            if (count[b] == n)
            {
                return false;
            }

            var c = count[b];
            count[b] = sum;
            sum += c;
        }

        return true;
    }

    // An unsigned key in the double's order (NaN lowest): positive values get the sign bit set, negative ones are inverted.
    private static ulong Key(double value)
    {
        if (double.IsNaN(value))
        {
            return 0;
        }

        var bits = BitConverter.DoubleToUInt64Bits(value == 0 ? 0d : value);
        return (bits >> 63) != 0 ? ~bits : bits | 0x8000_0000_0000_0000;
    }
}
