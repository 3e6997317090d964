namespace LeanML.Training;

/// <summary>The business rule used today, scored like a model on the same rows.</summary>
/// <param name="Name">What the business calls it.</param>
/// <param name="Sql">An SQL expression over the dataset's columns (a score, a probability, a value or a class).</param>
public sealed record BriefBaseline(string Name, string Sql);
