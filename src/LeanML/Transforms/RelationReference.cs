namespace LeanML.Transforms;

/// <summary>
/// A table or view a transform's SQL reads (after FROM or JOIN), as written: an optional schema, the name, whether it
/// was quoted (a quoted name keeps its case; an unquoted one is folded to lower case, as PostgreSQL does), and the
/// 1-based line of the SQL it appears on.
/// </summary>
public readonly record struct RelationReference(string? Schema, string Name, bool Quoted, int Line)
{
    /// <summary>The name as written, for messages (<c>schema.name</c>).</summary>
    public override string ToString() => Schema is null ? Name : $"{Schema}.{Name}";
}
