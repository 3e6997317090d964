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
                _anyTime |= parsed.HasTime;
                if (!parsed.FixedOrder)
                {
                    _anyAmbiguousOrder = true;
                    _validMonthFirst &= parsed.ValidMonthFirst;
                    _validDayFirst &= parsed.ValidDayFirst;
                }
            }
        }
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

    private static InferredColumn Simple(ColumnType type) => new(type, null, DateOrder.Unknown, false, null);

    private static InferredColumn Text(string warning) => new(ColumnType.Text, null, DateOrder.Unknown, false, warning);
}
