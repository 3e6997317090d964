namespace LeanML.Ingestion.Internal;

/// <summary>One date or timestamp as written, before the column's day/month order is applied.</summary>
internal struct ParsedDateTime
{
    /// <summary>Year.</summary>
    public int Year;

    /// <summary>First of the two small numbers (the month in ISO form).</summary>
    public int A;

    /// <summary>Second of the two small numbers (the day in ISO form).</summary>
    public int B;

    /// <summary>True when the order of A and B is fixed by the form (ISO: A=month; d.M.yyyy: A=day).</summary>
    public bool FixedOrder;

    /// <summary>With a fixed order: true when A is the day.</summary>
    public bool DayFirst;

    /// <summary>True when a time of day was written.</summary>
    public bool HasTime;

    /// <summary>True when fractional seconds were written.</summary>
    public bool HasFraction;

    /// <summary>Time of day as ticks.</summary>
    public long TimeTicks;

    /// <summary>UTC offset in minutes, when written.</summary>
    public int? OffsetMinutes;

    /// <summary>True when the values are a valid date with A as the month.</summary>
    public readonly bool ValidMonthFirst => A is >= 1 and <= 12 && B >= 1 && B <= DateTime.DaysInMonth(Year, A);

    /// <summary>True when the values are a valid date with A as the day.</summary>
    public readonly bool ValidDayFirst => B is >= 1 and <= 12 && A >= 1 && A <= DateTime.DaysInMonth(Year, B);

    /// <summary>The UTC instant for the given order; false when invalid or the order is unknown and needed.</summary>
    public readonly bool TryResolve(DateOrder columnOrder, out DateTime utc)
    {
        utc = default;
        bool dayFirst;
        if (FixedOrder)
        {
            dayFirst = DayFirst;
        }
        else if (columnOrder == DateOrder.Unknown)
        {
            return false;
        }
        else
        {
            dayFirst = columnOrder == DateOrder.DayFirst;
        }

        if (dayFirst ? !ValidDayFirst : !ValidMonthFirst)
        {
            return false;
        }

        var local = dayFirst ? new DateTime(Year, B, A, 0, 0, 0, DateTimeKind.Utc) : new DateTime(Year, A, B, 0, 0, 0, DateTimeKind.Utc);
        local = local.AddTicks(TimeTicks);
        if (OffsetMinutes is { } offset)
        {
            local = local.AddMinutes(-offset);
        }

        utc = local;
        return true;
    }
}
