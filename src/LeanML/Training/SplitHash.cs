using System.Text;

namespace LeanML.Training;

/// <summary>
/// The stable split of a row: a 64-bit hash of its id (FNV-1a over the id's UTF-8 text: whole numbers in invariant
/// decimal form) mixed with the split seed through SplitMix64's finaliser, read as a number in [0, 1). A row's place
/// depends on nothing but its id and the seed, so adding, removing or updating other rows never moves it.
/// </summary>
public static class SplitHash
{
    /// <summary>FNV-1a (64-bit) of the id's UTF-8 bytes.</summary>
    public static ulong OfId(string id)
    {
        var hash = 0xCBF29CE484222325UL;
        Span<byte> buffer = id.Length <= 256 ? stackalloc byte[Encoding.UTF8.GetMaxByteCount(id.Length)] : new byte[Encoding.UTF8.GetMaxByteCount(id.Length)];
        var length = Encoding.UTF8.GetBytes(id, buffer);
        foreach (var b in buffer[..length])
        {
            hash = (hash ^ b) * 0x100000001B3UL;
        }

        return hash;
    }

    /// <summary>The row's uniform draw in [0, 1) for a split seed: SplitMix64(idHash XOR SplitMix64(seed)), top 53 bits.</summary>
    public static double Unit(ulong idHash, int splitSeed) => (Mix(idHash ^ Mix((uint)splitSeed)) >> 11) * (1.0 / (1UL << 53));

    /// <summary>
    /// The row's uniform draw in [0, 1) for its cross-validation fold: the same procedure as <see cref="Unit"/> with the
    /// seed key SplitMix64(2^32 + seed as unsigned 32-bit), a stream no split seed reaches, so a row's fold is
    /// independent of its train/valid/test place and depends on nothing but its id and the split seed.
    /// </summary>
    public static double FoldUnit(ulong idHash, int splitSeed) => (Mix(idHash ^ Mix((1UL << 32) | (uint)splitSeed)) >> 11) * (1.0 / (1UL << 53));

    // SplitMix64's finaliser (Steele, Lea and Flood 2014) after adding the golden-ratio increment.
    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
