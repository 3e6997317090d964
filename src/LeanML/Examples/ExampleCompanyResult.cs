namespace LeanML.Examples;

/// <summary>What the example company generator wrote.</summary>
/// <param name="Customers">Customers generated (every one that ever signed up).</param>
/// <param name="ActiveAtSnapshot">Customers in the churn dataset (subscribed at the snapshot).</param>
/// <param name="Churned">Of those, customers that canceled in the 30 days after the snapshot.</param>
/// <param name="ExperimentUnits">Customers in the outreach experiment.</param>
/// <param name="Files">The files written, relative to the workspace root, with their line counts.</param>
public sealed record ExampleCompanyResult(int Customers, int ActiveAtSnapshot, int Churned, int ExperimentUnits, IReadOnlyList<ExampleFile> Files);
