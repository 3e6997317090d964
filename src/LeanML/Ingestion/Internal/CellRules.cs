using System.Buffers;

namespace LeanML.Ingestion.Internal;

/// <summary>
/// The reader options that decide what a cell means, shared by inference and conversion so both read a cell alike:
/// missing-value tokens, a forced decimal comma, day-first dates. Checks allocate nothing.
/// </summary>
internal sealed class CellRules
{
    private readonly string[] _tokens;
    private readonly SearchValues<char> _firsts;
    private readonly int _min;
    private readonly int _max;

    /// <summary>The rules of <paramref name="options"/>.</summary>
    public CellRules(ReaderOptions options)
    {
        _tokens = [.. options.NullTokens.Where(t => t.Length > 0).Distinct(StringComparer.Ordinal)];
        _firsts = SearchValues.Create([.. _tokens.Select(t => t[0]).Distinct()]);
        _min = _tokens.Length == 0 ? int.MaxValue : _tokens.Min(t => t.Length);
        _max = _tokens.Length == 0 ? 0 : _tokens.Max(t => t.Length);
        DecimalComma = options.DecimalComma == true;
        DayFirst = options.DayFirst;
    }

    /// <summary>The rules of the default options.</summary>
    public static CellRules Default { get; } = new(ReaderOptions.Default);

    /// <summary>True when --decimal , forces the comma as the decimal separator of every number.</summary>
    public bool DecimalComma { get; }

    /// <summary>True when --dayfirst reads a column of dates that read both ways day first.</summary>
    public bool DayFirst { get; }

    /// <summary>True for a cell that is NULL: empty, blank, or exactly one of the missing-value tokens (NA, n/a, NULL, …).</summary>
    public bool IsNull(ReadOnlySpan<char> s)
    {
        if (s.Length == 0)
        {
            return true;
        }

        if (s.Length > _max || s.Length < _min || !_firsts.Contains(s[0]))
        {
            // Blank: most cells start with a character that is not white space, and are settled by it.
            return char.IsWhiteSpace(s[0]) && s.IsWhiteSpace();
        }

        foreach (var token in _tokens)
        {
            if (s.SequenceEqual(token))
            {
                return true;
            }
        }

        return false;
    }
}
