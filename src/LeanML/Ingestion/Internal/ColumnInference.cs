namespace LeanML.Ingestion.Internal;

/// <summary>
/// Watches every value of one column (pass 1) and keeps which types still fit all of them, so the column gets the
/// narrowest type that fits the whole file, not just its first lines.
/// </summary>
internal sealed class ColumnInference
{
    private readonly CellRules _rules;
    private bool _canDecimalComma = true;
    private bool _decimalCommaProven;
    private bool _canInteger = true;
    private bool _canReal = true;
    private bool _canNumber = true;
    private bool _canBoolean = true;
    private bool _canDate = true;
    private bool _anyTime;
    private bool _anyAmbiguousOrder;
    private bool _validMonthFirst = true;
    private bool _validDayFirst = true;
    private char _symbol;
    private bool _mixedSymbols;

    /// <summary>Watches a column read with <paramref name="rules"/> (default: the default reader options).</summary>
    public ColumnInference(CellRules? rules = null)
    {
        _rules = rules ?? CellRules.Default;
        if (_rules.DecimalComma)
        {
            // --decimal ,: a '.' never starts the decimals, so neither plain reals nor amounts with thousands commas fit.
            _canReal = false;
            _canNumber = false;
        }
    }

    /// <summary>A watcher with the same rules that has seen nothing yet.</summary>
    public ColumnInference Fresh() => new(_rules);

    /// <summary>Non-empty values seen.</summary>
    public long Values { get; private set; }

    /// <summary>Observes one cell (null or blank counts as NULL).</summary>
    public void Observe(ReadOnlySpan<char> value)
    {
        if (_rules.IsNull(value))
        {
            return;
        }

        Values++;
        if (!(_canInteger || _canReal || _canNumber || _canBoolean || _canDate || _canDecimalComma))
        {
            return;
        }

        var plain = false;
        if (_canInteger)
        {
            if (ValueSyntax.TryInteger(value, out _))
            {
                plain = true;
            }
            else
            {
                _canInteger = false;
            }
        }

        if (!plain && _canDecimalComma)
        {
            // Decimal commas (12,5): the column reads that way only when every value does and one proves it.
            if (ValueSyntax.TryDecimalComma(value, out _, out var proven))
            {
                _decimalCommaProven |= proven;
            }
            else
            {
                _canDecimalComma = false;
            }
        }

        if (!plain && (_canReal || _canNumber))
        {
            plain = ValueSyntax.IsReal(value);
        }

        if (!plain)
        {
            _canReal = false;
            if (_canNumber)
            {
                if (ValueSyntax.TryMoney(value, out _, out var symbol))
                {
                    if (symbol != '\0')
                    {
                        _mixedSymbols |= _symbol != '\0' && _symbol != symbol;
                        _symbol = symbol;
                    }
                }
                else
                {
                    _canNumber = false;
                }
            }
        }

        if (_canBoolean && !ValueSyntax.TryBoolean(value, out _))
        {
            _canBoolean = false;
        }

        if (_canDate)
        {
            if (plain || !ValueSyntax.TryDateTime(value, out var parsed))
            {
                _canDate = false;
            }
            else
            {
                ObserveDate(parsed);
            }
        }
    }

    /// <summary>
    /// Observes a non-NULL cell that <see cref="ValueSyntax.TryInteger"/> read: the same as <see cref="Observe"/>, without
    /// reading it again when that read already decides every type still open.
    /// </summary>
    public void ObserveInteger(ReadOnlySpan<char> value)
    {
        if (_canInteger && !_canBoolean && !_canDate)
        {
            // Observe would find a plain whole number: no other type is checked, nothing changes but the count.
            Values++;
            return;
        }

        Observe(value);
    }

    /// <summary>
    /// Observes a non-NULL cell that <see cref="ValueSyntax.TryReal(ReadOnlySpan{char}, out double)"/> read: the same as <see cref="Observe"/>, without
    /// reading it again when that read already decides every type still open.
    /// </summary>
    public void ObserveReal(ReadOnlySpan<char> value)
    {
        if (!_canInteger && !_canDecimalComma && !_canBoolean && !_canDate && (_canReal || _canNumber))
        {
            // Observe would find a plain number (IsReal holds where TryReal does): nothing changes but the count.
            Values++;
            return;
        }

        Observe(value);
    }

    /// <summary>
    /// Observes a non-NULL cell that <see cref="ValueSyntax.TryDateTime"/> read as <paramref name="parsed"/>: the same as
    /// <see cref="Observe"/>, without reading it again when only a date type is still open.
    /// </summary>
    public void ObserveDateTime(ReadOnlySpan<char> value, in ParsedDateTime parsed)
    {
        if (_canDate && !_canInteger && !_canDecimalComma && !_canReal && !_canNumber && !_canBoolean)
        {
            Values++;
            ObserveDate(parsed);
            return;
        }

        Observe(value);
    }

    /// <summary>
    /// Takes in what <paramref name="other"/> saw, as if its values had been observed here after these (it watched a later
    /// part of the same column with the same rules): the result is the one a single watcher of both parts gives.
    /// </summary>
    public void Merge(ColumnInference other)
    {
        Values += other.Values;
        _canDecimalComma &= other._canDecimalComma;
        _decimalCommaProven |= other._decimalCommaProven;
        _canInteger &= other._canInteger;
        _canReal &= other._canReal;
        _canNumber &= other._canNumber;
        _canBoolean &= other._canBoolean;
        _canDate &= other._canDate;
        _anyTime |= other._anyTime;
        _anyAmbiguousOrder |= other._anyAmbiguousOrder;
        _validMonthFirst &= other._validMonthFirst;
        _validDayFirst &= other._validDayFirst;
        if (other._symbol != '\0')
        {
            _mixedSymbols |= _symbol != '\0' && _symbol != other._symbol;
            _symbol = other._symbol;
        }

        _mixedSymbols |= other._mixedSymbols;
    }

    /// <summary>The narrowest type that fits every value seen; <paramref name="name"/> names the column in warnings.</summary>
    public InferredColumn Result(string name)
    {
        if (Values == 0)
        {
            return new InferredColumn(ColumnType.Text, null, DateOrder.Unknown, true, null);
        }

        if (_canBoolean)
        {
            return Simple(ColumnType.Boolean);
        }

        if (_canInteger)
        {
            return Simple(ColumnType.Integer);
        }

        if (_canReal)
        {
            return Simple(ColumnType.Real);
        }

        if (_canDecimalComma && (_decimalCommaProven || _rules.DecimalComma))
        {
            return new InferredColumn(ColumnType.Real, null, DateOrder.Unknown, false, null, DecimalComma: true);
        }

        if (_canNumber)
        {
            if (_mixedSymbols)
            {
                return Text($"column '{name}' mixes currencies; kept as text");
            }

            return _symbol == '\0' ? Simple(ColumnType.Real) : new InferredColumn(ColumnType.Money, ValueSyntax.CurrencyCode(_symbol), DateOrder.Unknown, false, null);
        }

        if (_canDate)
        {
            var type = _anyTime ? ColumnType.Timestamp : ColumnType.Date;
            if (!_anyAmbiguousOrder)
            {
                return Simple(type);
            }

            if (_validMonthFirst && _validDayFirst)
            {
                return _rules.DayFirst
                    ? new InferredColumn(type, null, DateOrder.DayFirst, false, null)
                    : Text($"column '{name}' holds dates whose day/month order cannot be decided (every value reads both ways); kept as text: pass --dayfirst, or --date-format '{name}=d/M/yyyy'");
            }

            if (_validMonthFirst)
            {
                return new InferredColumn(type, null, DateOrder.MonthFirst, false, null);
            }

            if (_validDayFirst)
            {
                return new InferredColumn(type, null, DateOrder.DayFirst, false, null);
            }

            return Text($"column '{name}' mixes month-first and day-first dates; kept as text");
        }

        return Simple(ColumnType.Text);
    }

    private void ObserveDate(in ParsedDateTime parsed)
    {
        _anyTime |= parsed.HasTime;
        if (!parsed.FixedOrder)
        {
            _anyAmbiguousOrder = true;
            _validMonthFirst &= parsed.ValidMonthFirst;
            _validDayFirst &= parsed.ValidDayFirst;
        }
    }

    private static InferredColumn Simple(ColumnType type) => new(type, null, DateOrder.Unknown, false, null);

    private static InferredColumn Text(string warning) => new(ColumnType.Text, null, DateOrder.Unknown, false, warning);
}
