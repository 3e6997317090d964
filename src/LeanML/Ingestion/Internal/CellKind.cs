namespace LeanML.Ingestion.Internal;

/// <summary>What one converted cell holds.</summary>
internal enum CellKind : byte
{
    /// <summary>NULL.</summary>
    Null,

    /// <summary>A 64-bit integer (also booleans as 0/1).</summary>
    Integer,

    /// <summary>A double.</summary>
    Real,

    /// <summary>UTF-8 text.</summary>
    Text,

    /// <summary>A calendar date, as its day number (<see cref="DateOnly.DayNumber"/>).</summary>
    Date,

    /// <summary>A point in time in UTC, as <see cref="DateTime.Ticks"/>.</summary>
    Timestamp,
}
