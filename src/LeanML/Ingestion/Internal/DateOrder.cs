namespace LeanML.Ingestion.Internal;

/// <summary>How a column writes dates with slashes or dashes and the year last: month first (US), day first, or not known.</summary>
internal enum DateOrder
{
    /// <summary>No such values, or the order could not be decided.</summary>
    Unknown,

    /// <summary>M/d/yyyy.</summary>
    MonthFirst,

    /// <summary>d/M/yyyy.</summary>
    DayFirst,
}
