namespace LeanML.Transforms;

/// <summary>How a transform is kept in the warehouse.</summary>
public enum Materialization
{
    /// <summary>A view (the default): computed when read.</summary>
    View,

    /// <summary>A table: computed at build time.</summary>
    Table,
}
