namespace LeanML.Transforms;

/// <summary>
/// One transform: <c>transforms/NAME.sql</c> (one SELECT) with its optional <c>transforms/NAME.yaml</c>; the relations
/// its SQL reads, and which of them are other transforms.
/// </summary>
public sealed record TransformDefinition(string Name, string File, string Sql, Materialization Materialized, IReadOnlyList<RelationReference> References, IReadOnlyList<DataTestDefinition> Tests)
{
    /// <summary>The other transforms this one reads (filled by the project once every transform is known).</summary>
    public IReadOnlyList<string> DependsOn { get; init; } = [];

    /// <summary>The relations it reads that are not transforms (warehouse tables and views), as written.</summary>
    public IReadOnlyList<RelationReference> Tables { get; init; } = [];

    /// <summary>SHA-256 of the SQL and the materialisation, hex: a changed file changes it.</summary>
    public string SqlHash { get; init; } = "";
}
