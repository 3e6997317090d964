using System.Text;

namespace LeanML.Experiments;

/// <summary>
/// Deterministic, uniform assignment of a unit to a variant: GrowthBook's hash v2 (FNV-1a 32-bit applied twice,
/// <c>fnv1a32(str(fnv1a32(salt + unit))) % 10000 / 10000</c>), cut by cumulative weights. The example-company
/// generator and the experiment service both use it, so planted data and live assignment agree.
/// </summary>
public static class VariantAssignment
{
    /// <summary>The unit's position in [0, 1) for the experiment salt (by default the experiment name).</summary>
    public static double Bucket(string salt, string unit)
    {
        var first = Fnv1a32(salt + unit);
        var second = Fnv1a32(first.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return second % 10000 / 10000.0;
    }

    /// <summary>The index of the variant whose cumulative-weight range holds the bucket.</summary>
    public static int Choose(double bucket, IReadOnlyList<double> weights)
    {
        var cumulative = 0.0;
        for (var i = 0; i < weights.Count; i++)
        {
            cumulative += weights[i];
            if (bucket < cumulative)
            {
                return i;
            }
        }

        // Weights summing to 1 within rounding: the last variant takes the rest.
        return weights.Count - 1;
    }

    /// <summary>FNV-1a, 32-bit, over the UTF-8 bytes of the text.</summary>
    public static uint Fnv1a32(string text)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash ^= b;
            hash *= 16777619u;
        }

        return hash;
    }
}
