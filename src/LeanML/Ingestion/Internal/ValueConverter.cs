namespace LeanML.Ingestion.Internal;

/// <summary>
/// Converts one cell to the stored value of its column's type, or says why it does not fit. <paramref name="rules"/>
/// says which cells are NULL; <paramref name="decimalComma"/> reads 12,5 as 12.5; <paramref name="dateFormat"/> is an
/// exact (.NET custom) format the column's dates follow.
/// </summary>
internal sealed class ValueConverter(ColumnType type, string? unit, DateOrder order, CellRules? rules = null, bool decimalComma = false, string? dateFormat = null)
{
    private readonly CellRules _rules = rules ?? CellRules.Default;

    /// <summary>The column's type.</summary>
    public ColumnType Type { get; } = type;

    /// <summary>
    /// The stored value (long, double, string, DateOnly, DateTime or DBNull) of <paramref name="raw"/>; null when it does not fit,
    /// with <paramref name="reason"/> saying why.
    /// </summary>
    public object? Convert(string? raw, out string? reason)
    {
        var batch = new RowBatch(1);
        return TryConvert(raw.AsSpan(), raw is null, batch, 0, out reason) ? batch.Value(0, 0) : null;
    }

    /// <summary>
    /// Writes the stored value of <paramref name="raw"/> into cell <paramref name="column"/> of the batch's current row;
    /// false when it does not fit, with <paramref name="reason"/> saying why. <paramref name="absent"/> marks a missing cell.
    /// </summary>
    public bool TryConvert(ReadOnlySpan<char> raw, bool absent, RowBatch batch, int column, out string? reason) =>
        TryConvert(raw, absent, batch, column, null, out reason);

    /// <summary>
    /// As <see cref="TryConvert(ReadOnlySpan{char}, bool, RowBatch, int, out string?)"/>, and shows every non-NULL cell,
    /// converted or not, to <paramref name="inference"/> (when given) as <see cref="ColumnInference.Observe"/> would see it,
    /// telling it what the conversion already read so that it need not read the cell again.
    /// </summary>
    public bool TryConvert(ReadOnlySpan<char> raw, bool absent, RowBatch batch, int column, ColumnInference? inference, out string? reason)
    {
        if (absent || _rules.IsNull(raw))
        {
            // Observe ignores NULL cells.
            reason = null;
            batch.SetNull(column);
            return true;
        }

        var ok = TryConvertValue(raw, batch, column, out reason, out var proof, out var parsed);
        switch (proof)
        {
            case Proof.Integer:
                inference?.ObserveInteger(raw);
                break;
            case Proof.Real:
                inference?.ObserveReal(raw);
                break;
            case Proof.DateTime:
                inference?.ObserveDateTime(raw, parsed);
                break;
            default:
                inference?.Observe(raw);
                break;
        }

        return ok;
    }

    // What a successful conversion read the cell as, for inference (None: nothing it can reuse).
    private enum Proof
    {
        None,
        Integer,
        Real,
        DateTime,
    }

    private bool TryConvertValue(ReadOnlySpan<char> raw, RowBatch batch, int column, out string? reason, out Proof proof, out ParsedDateTime parsed)
    {
        reason = null;
        proof = Proof.None;
        parsed = default;
        switch (Type)
        {
            case ColumnType.Integer:
                if (ValueSyntax.TryInteger(raw, out var l))
                {
                    proof = Proof.Integer;
                    batch.SetInteger(column, l);
                    return true;
                }

                reason = "is not a whole number";
                return false;
            case ColumnType.Real:
                if (!decimalComma && ValueSyntax.TryReal(raw, out var d))
                {
                    proof = Proof.Real;
                    batch.SetReal(column, d);
                    return true;
                }

                if (decimalComma ? ValueSyntax.TryDecimalComma(raw, out d, out _) : ValueSyntax.TryMoney(raw, out d, out _))
                {
                    batch.SetReal(column, d);
                    return true;
                }

                reason = "is not a number";
                return false;
            case ColumnType.Money:
                if (ValueSyntax.TryReal(raw, out var m))
                {
                    batch.SetReal(column, m);
                    return true;
                }

                if (ValueSyntax.TryMoney(raw, out m, out var symbol))
                {
                    if (symbol == '\0' || unit is null || ValueSyntax.CurrencyCode(symbol) == unit)
                    {
                        batch.SetReal(column, m);
                        return true;
                    }

                    reason = $"is in {ValueSyntax.CurrencyCode(symbol)}, but the column holds {unit}";
                    return false;
                }

                reason = "is not an amount";
                return false;
            case ColumnType.Boolean:
                if (ValueSyntax.TryBoolean(raw, out var b))
                {
                    batch.SetInteger(column, b ? 1 : 0);
                    return true;
                }

                if (ValueSyntax.TryInteger(raw, out var bi) && bi is 0 or 1)
                {
                    batch.SetInteger(column, bi);
                    return true;
                }

                reason = "is not true/false or yes/no";
                return false;
            case ColumnType.Date:
            case ColumnType.Timestamp:
                if (TryConvertDateTime(raw, batch, column, out reason, out parsed))
                {
                    // Without a --date-format the conversion read the cell as inference does.
                    proof = dateFormat is null ? Proof.DateTime : Proof.None;
                    return true;
                }

                return false;
            default:
                batch.SetText(column, raw);
                return true;
        }
    }

    private bool TryConvertDateTime(ReadOnlySpan<char> raw, RowBatch batch, int column, out string? reason, out ParsedDateTime parsed)
    {
        reason = null;
        parsed = default;
        if (dateFormat is not null)
        {
            if (!DateTime.TryParseExact(raw.Trim(), dateFormat, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal, out var exact))
            {
                reason = $"does not match --date-format {dateFormat}";
                return false;
            }

            if (Type == ColumnType.Date)
            {
                batch.SetDate(column, DateOnly.FromDateTime(exact));
            }
            else
            {
                batch.SetTimestamp(column, exact);
            }

            return true;
        }

        if (!ValueSyntax.TryDateTime(raw, out parsed))
        {
            reason = Type == ColumnType.Date ? "is not a date" : "is not a timestamp";
            return false;
        }

        if (!parsed.TryResolve(order, out var utc))
        {
            reason = "has an ambiguous or invalid day/month order";
            return false;
        }

        if (Type == ColumnType.Date)
        {
            if (parsed.HasTime && parsed.TimeTicks != 0)
            {
                reason = "has a time of day, but the column holds dates";
                return false;
            }

            batch.SetDate(column, DateOnly.FromDateTime(utc));
            return true;
        }

        batch.SetTimestamp(column, utc);
        return true;
    }
}
