namespace LeanML.Examples;

/// <summary>What to generate for the example company.</summary>
/// <param name="Customers">Number of paying customers ever signed up (default 5,000; up to 10,000,000).</param>
/// <param name="Seed">The random seed: the same seed gives byte-identical files.</param>
public sealed record ExampleCompanyOptions(int Customers = 5000, long Seed = 42)
{
    /// <summary>The largest number of customers accepted.</summary>
    public const int MaxCustomers = 10_000_000;
}
