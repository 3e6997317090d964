using System.Buffers;
using System.Runtime.CompilerServices;

namespace LeanML.Training;

/// <summary>
/// Stable LSD radix sorts (16 bits a pass) for the sorts a training run does once over every row: the metrics' score
/// order and the features' quantiles. Array.Sort's generic helpers for float and (double, int) are not precompiled,
/// so in a CLI process that sorts once they first run as unoptimized tier-0 code (perf: most of the time after
/// training went there); these are compiled optimized at once and take linear time.
/// </summary>
internal static class RadixSort
{
    private const int Digit = 16;
    private const int Buckets = 1 << Digit;

    /// <summary>Sorts finite or infinite floats ascending (no NaN); -0 and +0 count as equal and come out as +0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Sort(Span<float> values)
    {
        var n = values.Length;
        if (n < 2)
        {
            return;
        }

        var keys = ArrayPool<uint>.Shared.Rent(n);
        var temp = ArrayPool<uint>.Shared.Rent(n);
        var counts = ArrayPool<int>.Shared.Rent(Buckets * 2);
        try
        {
            Array.Clear(counts, 0, Buckets * 2);
            for (var i = 0; i < n; i++)
            {
                var key = Key(values[i]);
                keys[i] = key;
                counts[key & 0xFFFF]++;
                counts[Buckets + (int)(key >> 16)]++;
            }

            var (from, to) = (keys, temp);
            for (var pass = 0; pass < 2; pass++)
            {
                var count = counts.AsSpan(pass * Buckets, Buckets);
                if (!Offsets(count, n))
                {
                    continue;
                }

                var shift = pass * Digit;
                for (var i = 0; i < n; i++)
                {
                    to[count[(int)((from[i] >> shift) & 0xFFFF)]++] = from[i];
                }

                (from, to) = (to, from);
            }

            for (var i = 0; i < n; i++)
            {
                values[i] = FromKey(from[i]);
            }
        }
        finally
        {
            ArrayPool<uint>.Shared.Return(keys);
            ArrayPool<uint>.Shared.Return(temp);
            ArrayPool<int>.Shared.Return(counts);
        }
    }

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
            for (var i = 0; i < n; i++)
            {
                var key = Key(scores[i]) ^ flip;
                keys[i] = key;
                order[i] = i;
                for (var pass = 0; pass < 4; pass++)
                {
                    counts[(pass * Buckets) + (int)((key >> (pass * Digit)) & 0xFFFF)]++;
                }
            }

            var (fromKeys, toKeys, fromOrder, toOrder) = (keys, tempKeys, order, tempOrder);
            for (var pass = 0; pass < 4; pass++)
            {
                var count = counts.AsSpan(pass * Buckets, Buckets);
                if (!Offsets(count, n))
                {
                    continue;
                }

                var shift = pass * Digit;
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

    // An unsigned key in the float's order: positive values get the sign bit set, negative ones are inverted.
    private static uint Key(float value)
    {
        var bits = BitConverter.SingleToUInt32Bits(value == 0 ? 0f : value);
        return (bits & 0x8000_0000) != 0 ? ~bits : bits | 0x8000_0000;
    }

    private static float FromKey(uint key) =>
        BitConverter.UInt32BitsToSingle((key & 0x8000_0000) != 0 ? key & 0x7FFF_FFFF : ~key);

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
