namespace LeanML.Examples;

/// <summary>One plan of the example company's price list (the rows of data/plans.xlsx).</summary>
/// <param name="Name">Plan name as the price list and Stripe spell it.</param>
/// <param name="MonthlyPrice">Price per month in USD on monthly billing.</param>
/// <param name="SeatsIncluded">Seats included in the price.</param>
/// <param name="AnnualDiscount">Discount on annual billing (0.2 = 20 %).</param>
/// <param name="Support">Support level.</param>
internal sealed record ExamplePlan(string Name, decimal MonthlyPrice, int SeatsIncluded, decimal AnnualDiscount, string Support)
{
    public static ExamplePlan Basic { get; } = new("Basic", 49m, 5, 0.15m, "Email");

    public static ExamplePlan Pro { get; } = new("Pro", 199m, 20, 0.20m, "Email and chat");

    public static ExamplePlan Enterprise { get; } = new("Enterprise", 799m, 100, 0.25m, "Dedicated success manager");

    public static IReadOnlyList<ExamplePlan> All { get; } = [Basic, Pro, Enterprise];

    /// <summary>The amount charged per billing period.</summary>
    public decimal Charge(bool annual) => annual ? decimal.Round(MonthlyPrice * 12m * (1m - AnnualDiscount), 2) : MonthlyPrice;
}
