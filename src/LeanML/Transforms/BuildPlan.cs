namespace LeanML.Transforms;

/// <summary>The transforms to build, in dependency order (each after every transform it reads), and the ones chosen by name.</summary>
public sealed record BuildPlan(IReadOnlyList<TransformDefinition> Order);
