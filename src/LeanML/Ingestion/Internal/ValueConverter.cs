namespace LeanML.Ingestion.Internal;

/// <summary>Converts one cell to the stored value of its column's type (pass 2), or says why it does not fit.</summary>
internal sealed class ValueConverter(ColumnType type, string? unit, DateOrder order)
{
    private static readonly object True = 1L;
    private static readonly object False = 0L;

    /// <summary>The column's type.</summary>
    public ColumnType Type { get; } = type;

    /// <summary>
    /// The stored value (long, double, string or DBNull) of <paramref name="raw"/>; null when it does not fit,
    /// with <paramref name="reason"/> saying why.
    /// </summary>
    public object? Convert(string? raw, out string? reason) => Convert(raw.AsSpan(), raw is null, out reason);

    /// <summary>As <see cref="Convert(string?, out string?)"/>, over a span; <paramref name="absent"/> marks a missing cell.</summary>
    public object? Convert(ReadOnlySpan<char> raw, bool absent, out string? reason)
    {
        reason = null;
        if (absent || ValueSyntax.IsBlank(raw))
        {
            return DBNull.Value;
        }

        switch (Type)
        {
            case ColumnType.Integer:
                if (ValueSyntax.TryInteger(raw, out var l))
                {
                    return l;
                }

                reason = "is not a whole number";
                return null;
            case ColumnType.Real:
                if (ValueSyntax.TryReal(raw, out var d) || ValueSyntax.TryMoney(raw, out d, out _))
                {
                    return d;
                }

                reason = "is not a number";
                return null;
            case ColumnType.Money:
                if (ValueSyntax.TryReal(raw, out var m))
                {
                    return m;
                }

                if (ValueSyntax.TryMoney(raw, out m, out var symbol))
                {
                    if (symbol == '\0' || unit is null || ValueSyntax.CurrencyCode(symbol) == unit)
                    {
                        return m;
                    }

                    reason = $"is in {ValueSyntax.CurrencyCode(symbol)}, but the column holds {unit}";
                    return null;
                }

                reason = "is not an amount";
                return null;
            case ColumnType.Boolean:
                if (ValueSyntax.TryBoolean(raw, out var b))
                {
                    return b ? True : False;
                }

                if (ValueSyntax.TryInteger(raw, out var bi) && bi is 0 or 1)
                {
                    return bi == 1 ? True : False;
                }

                reason = "is not true/false or yes/no";
                return null;
            case ColumnType.Date:
            case ColumnType.Timestamp:
                if (!ValueSyntax.TryDateTime(raw, out var parsed))
                {
                    reason = Type == ColumnType.Date ? "is not a date" : "is not a timestamp";
                    return null;
                }

                if (!parsed.TryResolve(order, out var utc))
                {
                    reason = "has an ambiguous or invalid day/month order";
                    return null;
                }

                if (Type == ColumnType.Date)
                {
                    if (parsed.HasTime && parsed.TimeTicks != 0)
                    {
                        reason = "has a time of day, but the column holds dates";
                        return null;
                    }

                    return ValueSyntax.FormatDate(utc);
                }

                return ValueSyntax.FormatTimestamp(utc);
            default:
                return new string(raw);
        }
    }
}
