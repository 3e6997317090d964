using System.Globalization;

namespace LeanML.Ingestion.Internal;

/// <summary>
/// Recognisers for the value forms ingestion understands, written over spans so type inference allocates nothing
/// per cell. Each returns false rather than throwing.
/// </summary>
internal static class ValueSyntax
{
    // 10^0 .. 10^15, each exactly representable as a double.
    private static readonly double[] PowersOfTen = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

    /// <summary>Empty and whitespace-only cells are NULL.</summary>
    public static bool IsBlank(ReadOnlySpan<char> s) => s.IsWhiteSpace();

    /// <summary>A whole number that fits 64 bits, written without a leading zero (00123 is an identifier, kept as text).</summary>
    public static bool TryInteger(ReadOnlySpan<char> s, out long value)
    {
        value = 0;
        s = s.Trim();
        if (s.Length == 0)
        {
            return false;
        }

        var i = 0;
        var negative = false;
        if (s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            i = 1;
        }

        var digits = s.Length - i;
        if (digits is 0 or > 19 || (digits > 1 && s[i] == '0'))
        {
            return false;
        }

        ulong acc = 0;
        for (; i < s.Length; i++)
        {
            var d = (uint)(s[i] - '0');
            if (d > 9)
            {
                return false;
            }

            acc = (acc * 10) + d;
        }

        if (negative)
        {
            if (acc > 9223372036854775808UL)
            {
                return false;
            }

            value = unchecked(-(long)acc);
            return true;
        }

        if (acc > long.MaxValue)
        {
            return false;
        }

        value = (long)acc;
        return true;
    }

    /// <summary>A plain decimal number: [sign] digits [. digits] [e [sign] digits], no leading zeros before other digits.</summary>
    public static bool TryReal(ReadOnlySpan<char> s, out double value) => TryReal(s, parse: true, out value);

    /// <summary>True when <paramref name="s"/> is a plain decimal number (inference: checks the form, skips the conversion when it cannot overflow).</summary>
    public static bool IsReal(ReadOnlySpan<char> s) => TryReal(s, parse: false, out _);

    private static bool TryReal(ReadOnlySpan<char> s, bool parse, out double value)
    {
        value = 0;
        s = s.Trim();
        var i = 0;
        if (i < s.Length && s[i] is '-' or '+')
        {
            i++;
        }

        var intStart = i;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
        }

        var intDigits = i - intStart;
        if (intDigits > 1 && s[intStart] == '0')
        {
            return false;
        }

        var fracDigits = 0;
        if (i < s.Length && s[i] == '.')
        {
            i++;
            var fracStart = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            fracDigits = i - fracStart;
        }

        if (intDigits + fracDigits == 0)
        {
            return false;
        }

        var hasExponent = i < s.Length && s[i] is 'e' or 'E';
        if (hasExponent)
        {
            i++;
            if (i < s.Length && s[i] is '-' or '+')
            {
                i++;
            }

            var expStart = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            if (i == expStart)
            {
                return false;
            }
        }

        if (i != s.Length)
        {
            return false;
        }

        // Without an exponent, fewer than 300 digits cannot overflow a double: the form alone decides.
        if (!parse && !hasExponent && intDigits < 300)
        {
            return true;
        }

        // At most 15 digits and no exponent (prices, rates, measurements): the digits as an integer below 2^53 and the
        // power of ten are both exact doubles, so one division gives the correctly rounded value, the one
        // double.Parse gives (Clinger's fast path), at a fraction of its cost.
        if (!hasExponent && intDigits + fracDigits <= 15)
        {
            long digits = 0;
            foreach (var c in s)
            {
                if (char.IsAsciiDigit(c))
                {
                    digits = (digits * 10) + (c - '0');
                }
            }

            value = digits / PowersOfTen[fracDigits];
            if (s[0] == '-')
            {
                value = -value;
            }

            return true;
        }

        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }

    /// <summary>
    /// A number as European exports write it: [sign] digits, '.' grouping thousands in threes, ',' before the decimals
    /// (12,5; -0,25; 1.234,56). <paramref name="proven"/> is true when the value cannot be read the English way (a
    /// comma not followed by exactly three digits, or a '.' grouping), so it shows the column uses decimal commas.
    /// </summary>
    public static bool TryDecimalComma(ReadOnlySpan<char> s, out double value, out bool proven)
    {
        value = 0;
        proven = false;
        s = s.Trim();
        Span<char> plain = stackalloc char[48];
        var n = 0;
        var i = 0;
        if (i < s.Length && s[i] is '-' or '+')
        {
            plain[n++] = s[i++];
        }

        var group = 0;
        var digits = 0;
        var sawDot = false;
        var start = i;
        while (i < s.Length && n < 40 && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
        {
            if (s[i] == '.')
            {
                // Thousands separators: the first group has 1-3 digits, every later one exactly 3.
                if ((sawDot && group != 3) || (!sawDot && (group == 0 || group > 3)))
                {
                    return false;
                }

                sawDot = true;
                group = 0;
            }
            else
            {
                plain[n++] = s[i];
                group++;
                digits++;
            }

            i++;
        }

        if ((sawDot && group != 3) || digits == 0 || (digits > 1 && s[start] == '0'))
        {
            return false;
        }

        var decimals = 0;
        if (i < s.Length && s[i] == ',')
        {
            plain[n++] = '.';
            i++;
            while (i < s.Length && n < 47 && char.IsAsciiDigit(s[i]))
            {
                plain[n++] = s[i++];
                decimals++;
            }

            if (decimals == 0)
            {
                return false;
            }
        }

        if (i != s.Length || !TryReal(plain[..n], out value))
        {
            return false;
        }

        proven = decimals > 0 && (sawDot || decimals != 3 || (digits == 1 && s[start] == '0'));
        return true;
    }

    /// <summary>
    /// A number string as exports write amounts: an optional currency symbol ($ € £) before or after, thousands
    /// separators in groups of three, a minus sign or accounting parentheses. <paramref name="symbol"/> is '\0' when none.
    /// </summary>
    public static bool TryMoney(ReadOnlySpan<char> s, out double value, out char symbol)
    {
        value = 0;
        symbol = '\0';
        s = s.Trim();
        var negative = false;
        if (s.Length >= 2 && s[0] == '(' && s[^1] == ')')
        {
            negative = true;
            s = s[1..^1].Trim();
        }

        if (s.Length > 0 && s[0] == '-')
        {
            negative = !negative;
            s = s[1..].TrimStart();
        }

        if (s.Length > 0 && IsCurrencySymbol(s[0]))
        {
            symbol = s[0];
            s = s[1..].TrimStart();
            if (s.Length > 0 && s[0] == '-')
            {
                negative = !negative;
                s = s[1..];
            }
        }
        else if (s.Length > 0 && IsCurrencySymbol(s[^1]))
        {
            symbol = s[^1];
            s = s[..^1].TrimEnd();
        }

        if (s.Length == 0 || s.Length > 40)
        {
            return false;
        }

        Span<char> digits = stackalloc char[48];
        var n = 0;
        var i = 0;
        var group = 0;
        var sawComma = false;
        while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == ','))
        {
            if (s[i] == ',')
            {
                // Thousands separators: the first group has 1-3 digits, every later one exactly 3.
                if ((sawComma && group != 3) || (!sawComma && (group == 0 || group > 3)))
                {
                    return false;
                }

                sawComma = true;
                group = 0;
            }
            else
            {
                digits[n++] = s[i];
                group++;
            }

            i++;
        }

        // A leading zero before other digits (02134) is an identifier, not an amount.
        if ((sawComma && group != 3) || n == 0 || (n > 1 && digits[0] == '0'))
        {
            return false;
        }

        if (i < s.Length && s[i] == '.')
        {
            digits[n++] = '.';
            i++;
            var fracStart = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]) && n < digits.Length)
            {
                digits[n++] = s[i++];
            }

            if (i == fracStart)
            {
                return false;
            }
        }

        if (i != s.Length || !double.TryParse(digits[..n], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value))
        {
            return false;
        }

        value = negative ? -value : value;
        return true;
    }

    /// <summary>The ISO 4217 code of a currency symbol.</summary>
    public static string CurrencyCode(char symbol) => symbol switch
    {
        '$' => "USD",
        '€' => "EUR",
        '£' => "GBP",
        _ => "",
    };

    /// <summary>true/false, yes/no, t/f in any case.</summary>
    public static bool TryBoolean(ReadOnlySpan<char> s, out bool value)
    {
        s = s.Trim();
        if (s.Equals("true", StringComparison.OrdinalIgnoreCase) || s.Equals("yes", StringComparison.OrdinalIgnoreCase) || s.Equals("t", StringComparison.OrdinalIgnoreCase))
        {
            value = true;
            return true;
        }

        value = false;
        return s.Equals("false", StringComparison.OrdinalIgnoreCase) || s.Equals("no", StringComparison.OrdinalIgnoreCase) || s.Equals("f", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// A date with an optional time: yyyy-MM-dd (or yyyy/MM/dd), M/d/yyyy or d/M/yyyy (also with '-'), d.M.yyyy; then
    /// optionally 'T' or spaces, H:mm[:ss[.fffffff]], AM/PM, and Z or ±hh[:mm].
    /// </summary>
    public static bool TryDateTime(ReadOnlySpan<char> s, out ParsedDateTime parsed)
    {
        parsed = default;
        s = s.Trim();
        var i = 0;
        var first = ReadNumber(s, ref i, 4, out var firstDigits);
        if (firstDigits <= 0 || i >= s.Length)
        {
            return false;
        }

        var sep = s[i];
        if (sep is not ('-' or '/' or '.'))
        {
            return false;
        }

        i++;
        if (firstDigits == 4)
        {
            if (sep == '.')
            {
                return false;
            }

            var month = ReadNumber(s, ref i, 2, out var md);
            if (md <= 0 || i >= s.Length || s[i] != sep)
            {
                return false;
            }

            i++;
            var day = ReadNumber(s, ref i, 2, out var dd);
            if (dd <= 0 || first < 1)
            {
                return false;
            }

            parsed.Year = first;
            parsed.A = month;
            parsed.B = day;
            parsed.FixedOrder = true;
            if (!parsed.ValidMonthFirst)
            {
                return false;
            }
        }
        else
        {
            if (firstDigits > 2)
            {
                return false;
            }

            var second = ReadNumber(s, ref i, 2, out var sd);
            if (sd <= 0 || i >= s.Length || s[i] != sep)
            {
                return false;
            }

            i++;
            var year = ReadNumber(s, ref i, 4, out var yd);
            if (yd != 4 || year < 1)
            {
                return false;
            }

            parsed.Year = year;
            parsed.A = first;
            parsed.B = second;
            if (sep == '.')
            {
                parsed.FixedOrder = true;
                parsed.DayFirst = true;
                if (!parsed.ValidDayFirst)
                {
                    return false;
                }
            }
            else if (!parsed.ValidMonthFirst && !parsed.ValidDayFirst)
            {
                return false;
            }
        }

        if (i == s.Length)
        {
            return true;
        }

        if (s[i] is 'T' or ' ')
        {
            i++;
            while (i < s.Length && s[i] == ' ')
            {
                i++;
            }
        }
        else
        {
            return false;
        }

        return TryTime(s, ref i, ref parsed) && i == s.Length;
    }

    /// <summary>The longest stored timestamp: yyyy-MM-ddTHH:mm:ss.fffffffZ.</summary>
    public const int MaxTimestampLength = 28;

    /// <summary>Formats a date as stored: yyyy-MM-dd.</summary>
    public static string FormatDate(DateTime date) => string.Create(10, date, static (span, d) => WriteDate(span, d));

    /// <summary>Formats an instant as stored: yyyy-MM-ddTHH:mm:ssZ, with fractional seconds only when there are some.</summary>
    public static string FormatTimestamp(DateTime utc)
    {
        Span<char> span = stackalloc char[MaxTimestampLength];
        return new string(span[..WriteTimestamp(span, utc)]);
    }

    /// <summary>Writes an instant as <see cref="FormatTimestamp"/> does into <paramref name="span"/>; returns the length.</summary>
    public static int WriteTimestamp(Span<char> span, DateTime utc)
    {
        var fraction = utc.Ticks % TimeSpan.TicksPerSecond;
        var digits = 0;
        if (fraction != 0)
        {
            digits = 7;
            while (fraction % 10 == 0)
            {
                fraction /= 10;
                digits--;
            }
        }

        WriteDate(span, utc);
        span[10] = 'T';
        Two(span[11..], utc.Hour);
        span[13] = ':';
        Two(span[14..], utc.Minute);
        span[16] = ':';
        Two(span[17..], utc.Second);
        var at = 19;
        if (digits > 0)
        {
            span[at++] = '.';
            for (var i = digits - 1; i >= 0; i--)
            {
                span[at + i] = (char)('0' + (fraction % 10));
                fraction /= 10;
            }

            at += digits;
        }

        span[at] = 'Z';
        return at + 1;
    }

    /// <summary>Writes a date as stored (yyyy-MM-dd) into the first 10 chars of <paramref name="span"/>.</summary>
    public static void WriteDate(Span<char> span, DateTime d)
    {
        var y = d.Year;
        span[0] = (char)('0' + (y / 1000));
        span[1] = (char)('0' + (y / 100 % 10));
        span[2] = (char)('0' + (y / 10 % 10));
        span[3] = (char)('0' + (y % 10));
        span[4] = '-';
        Two(span[5..], d.Month);
        span[7] = '-';
        Two(span[8..], d.Day);
    }

    private static void Two(Span<char> span, int value)
    {
        span[0] = (char)('0' + (value / 10));
        span[1] = (char)('0' + (value % 10));
    }

    private static bool TryTime(ReadOnlySpan<char> s, ref int i, ref ParsedDateTime parsed)
    {
        var hour = ReadNumber(s, ref i, 2, out var hd);
        if (hd <= 0 || i >= s.Length || s[i] != ':')
        {
            return false;
        }

        i++;
        var minute = ReadNumber(s, ref i, 2, out var mind);
        if (mind != 2 || minute > 59)
        {
            return false;
        }

        var second = 0;
        long fraction = 0;
        if (i < s.Length && s[i] == ':')
        {
            i++;
            second = ReadNumber(s, ref i, 2, out var sd);
            if (sd != 2 || second > 59)
            {
                return false;
            }

            if (i < s.Length && s[i] is '.' or ',')
            {
                i++;
                var start = i;
                long scale = TimeSpan.TicksPerSecond;
                while (i < s.Length && char.IsAsciiDigit(s[i]))
                {
                    scale /= 10;
                    fraction += (s[i] - '0') * scale;
                    i++;
                }

                if (i == start)
                {
                    return false;
                }

                parsed.HasFraction = fraction != 0;
            }
        }

        var save = i;
        while (i < s.Length && s[i] == ' ')
        {
            i++;
        }

        if (i + 1 < s.Length && (s[i] is 'A' or 'a' or 'P' or 'p') && s[i + 1] is 'M' or 'm')
        {
            if (hour is < 1 or > 12)
            {
                return false;
            }

            var pm = s[i] is 'P' or 'p';
            hour = hour == 12 ? (pm ? 12 : 0) : (pm ? hour + 12 : hour);
            i += 2;
        }
        else
        {
            i = save;
        }

        if (hour > 23)
        {
            return false;
        }

        while (i < s.Length && s[i] == ' ')
        {
            i++;
        }

        if (i < s.Length)
        {
            if (s[i] is 'Z' or 'z')
            {
                parsed.OffsetMinutes = 0;
                i++;
            }
            else if (s[i] is '+' or '-')
            {
                var sign = s[i] == '-' ? -1 : 1;
                i++;
                var oh = ReadNumber(s, ref i, 2, out var ohd);
                if (ohd != 2 || oh > 14)
                {
                    return false;
                }

                var om = 0;
                if (i < s.Length && s[i] == ':')
                {
                    i++;
                }

                if (i < s.Length)
                {
                    om = ReadNumber(s, ref i, 2, out var omd);
                    if (omd != 2 || om > 59)
                    {
                        return false;
                    }
                }

                parsed.OffsetMinutes = sign * ((oh * 60) + om);
            }
        }

        parsed.HasTime = true;
        parsed.TimeTicks = (hour * TimeSpan.TicksPerHour) + (minute * TimeSpan.TicksPerMinute) + (second * TimeSpan.TicksPerSecond) + fraction;
        return true;
    }

    private static int ReadNumber(ReadOnlySpan<char> s, ref int i, int maxDigits, out int digits)
    {
        var value = 0;
        digits = 0;
        while (i < s.Length && digits < maxDigits && char.IsAsciiDigit(s[i]))
        {
            value = (value * 10) + (s[i] - '0');
            digits++;
            i++;
        }

        // A longer run of digits than the form allows is not this form.
        if (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            digits = -1;
            return 0;
        }

        return value;
    }

    private static bool IsCurrencySymbol(char c) => c is '$' or '€' or '£';
}
