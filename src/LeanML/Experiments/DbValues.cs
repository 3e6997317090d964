using System.Data.Common;
using System.Globalization;

namespace LeanML.Experiments;

/// <summary>Parameter and value conversions shared by the experiment stores (both dialects).</summary>
internal static class DbValues
{
    public static DbParameter AddSlot(DbCommand cmd, string name)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        cmd.Parameters.Add(p);
        return p;
    }

    public static long Ms(DateTimeOffset t) => t.ToUnixTimeMilliseconds();

    public static DateTimeOffset Time(object value) => DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(value, CultureInfo.InvariantCulture));

    // DuckDB sums integers into HUGEINT, which arrives as a BigInteger.
    public static long Long(object value) => value switch
    {
        DBNull => 0,
        System.Numerics.BigInteger b => (long)b,
        _ => Convert.ToInt64(value, CultureInfo.InvariantCulture),
    };

    public static double Double(object value) => value switch
    {
        DBNull => 0,
        System.Numerics.BigInteger b => (double)b,
        _ => Convert.ToDouble(value, CultureInfo.InvariantCulture),
    };
}
