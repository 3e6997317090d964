namespace LeanML.Examples;

/// <summary>
/// A small seeded generator (SplitMix64, Steele, Lea and Flood 2014) whose stream depends only on its seed, never on
/// the runtime version, so the example company is byte-identical for the same seed everywhere.
/// </summary>
internal sealed class ExampleRandom(ulong seed)
{
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private ulong _state = seed;

    /// <summary>A generator for one stream (e.g. one customer) of a seed, independent of every other stream.</summary>
    public static ExampleRandom For(long seed, long stream, ulong purpose = 0) =>
        new(Mix(Mix((ulong)seed ^ 0x5DEECE66DUL) ^ Mix((ulong)stream + 0x9E3779B97F4A7C15UL) ^ purpose));

    /// <summary>The SplitMix64 finaliser: a bijective mix of 64 bits.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, 1) with 53 bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, n).</summary>
    public int Next(int n) => (int)(NextDouble() * n);

    /// <summary>Uniform integer in [min, max].</summary>
    public int Between(int min, int max) => min + Next(max - min + 1);

    public bool Chance(double p) => NextDouble() < p;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    /// <summary>Standard normal (Box–Muller).</summary>
    public double Normal()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Poisson(lambda): Knuth's product method for small means, a rounded normal for large ones.</summary>
    public int Poisson(double lambda)
    {
        if (lambda <= 0)
        {
            return 0;
        }

        if (lambda > 30)
        {
            return Math.Max(0, (int)Math.Round(lambda + Math.Sqrt(lambda) * Normal()));
        }

        var limit = Math.Exp(-lambda);
        var k = 0;
        var p = NextDouble();
        while (p > limit)
        {
            k++;
            p *= NextDouble();
        }

        return k;
    }

    /// <summary>A Stripe-style object id: prefix plus base-62 characters.</summary>
    public string Id(string prefix, int length)
    {
        return string.Create(prefix.Length + length, (this, prefix), static (span, state) =>
        {
            state.prefix.AsSpan().CopyTo(span);
            for (var i = state.prefix.Length; i < span.Length; i++)
            {
                span[i] = Base62[state.Item1.Next(Base62.Length)];
            }
        });
    }
}
