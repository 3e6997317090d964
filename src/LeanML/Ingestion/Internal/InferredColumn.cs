namespace LeanML.Ingestion.Internal;

/// <summary>What inference over a whole file concluded for one column.</summary>
/// <param name="Type">The narrowest type that fits every non-empty value.</param>
/// <param name="Unit">The currency code of a money column.</param>
/// <param name="Order">The day/month order of a date column written with slashes or dashes.</param>
/// <param name="Empty">True when the column had no non-empty value (its type then fits any existing column).</param>
/// <param name="Warning">Why the column fell back to text although it looked typed, if so.</param>
/// <param name="DecimalComma">True when the column's numbers are written with a decimal comma (12,5).</param>
internal sealed record InferredColumn(ColumnType Type, string? Unit, DateOrder Order, bool Empty, string? Warning, bool DecimalComma = false);
