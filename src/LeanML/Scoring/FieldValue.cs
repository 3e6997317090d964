using System.Globalization;
using System.Text.Json;

namespace LeanML.Scoring;

/// <summary>What kind of value a field of an input row holds.</summary>
public enum FieldValueKind
{
    /// <summary>Null, absent or an empty text cell: a missing value.</summary>
    Null,

    /// <summary>A number.</summary>
    Number,

    /// <summary>true or false.</summary>
    Boolean,

    /// <summary>Text.</summary>
    Text,

    /// <summary>A date or timestamp value (from a database driver).</summary>
    Time,

    /// <summary>Something no feature accepts (a JSON array or object, bytes).</summary>
    Other,
}

/// <summary>One field of an input row, from JSON, a warehouse row or a file cell, before encoding; no boxing.</summary>
/// <param name="Kind">The kind of value.</param>
/// <param name="Number">The number (Number) or 1/0 (Boolean).</param>
/// <param name="Text">The text (Text), a short description (Other), or a number's text when it is beyond double's range.</param>
/// <param name="Time">The UTC time (Time).</param>
public readonly record struct FieldValue(FieldValueKind Kind, double Number = 0, string? Text = null, DateTime Time = default)
{
    /// <summary>The missing value.</summary>
    public static FieldValue Null => default;

    /// <summary>A value read from a JSON document.</summary>
    public static FieldValue FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => Null,
        // A number beyond double's range reads as an infinity: its text is kept to name it in an error.
        JsonValueKind.Number => element.GetDouble() is var d && double.IsFinite(d) ? new FieldValue(FieldValueKind.Number, d) : new FieldValue(FieldValueKind.Number, d, element.GetRawText()),
        JsonValueKind.True => new FieldValue(FieldValueKind.Boolean, 1),
        JsonValueKind.False => new FieldValue(FieldValueKind.Boolean, 0),
        JsonValueKind.String => new FieldValue(FieldValueKind.Text, Text: element.GetString()),
        JsonValueKind.Array => new FieldValue(FieldValueKind.Other, Text: "an array"),
        _ => new FieldValue(FieldValueKind.Other, Text: "an object"),
    };

    /// <summary>A value read from a database driver or a file reader.</summary>
    public static FieldValue FromObject(object? value) => value switch
    {
        null or DBNull => Null,
        string s => new FieldValue(FieldValueKind.Text, Text: s),
        bool b => new FieldValue(FieldValueKind.Boolean, b ? 1 : 0),
        DateTime d => new FieldValue(FieldValueKind.Time, Time: d.Kind == DateTimeKind.Local ? d.ToUniversalTime() : DateTime.SpecifyKind(d, DateTimeKind.Utc)),
        DateTimeOffset o => new FieldValue(FieldValueKind.Time, Time: o.UtcDateTime),
        DateOnly d => new FieldValue(FieldValueKind.Time, Time: d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)),
        IConvertible c when value is byte or sbyte or short or ushort or int or uint or long or ulong or float or double or decimal =>
            new FieldValue(FieldValueKind.Number, c.ToDouble(CultureInfo.InvariantCulture)),
        System.Numerics.BigInteger big => new FieldValue(FieldValueKind.Number, (double)big),
        _ => new FieldValue(FieldValueKind.Other, Text: "a " + value.GetType().Name),
    };

    /// <summary>True for null and for empty or blank text (an empty CSV cell): the feature is missing.</summary>
    public bool IsMissing => Kind == FieldValueKind.Null || (Kind == FieldValueKind.Text && string.IsNullOrWhiteSpace(Text));

    /// <summary>How the value is named in an error message.</summary>
    public string Describe() => Kind switch
    {
        FieldValueKind.Null => "null",
        FieldValueKind.Number => "the number " + (Text is null ? Number.ToString("R", CultureInfo.InvariantCulture) : Text.Length > 40 ? Text[..40] + "…" : Text),
        FieldValueKind.Boolean => Number != 0 ? "true" : "false",
        FieldValueKind.Text => $"the text \"{(Text!.Length > 40 ? Text[..40] + "…" : Text)}\"",
        FieldValueKind.Time => "the time " + Time.ToString("O", CultureInfo.InvariantCulture),
        _ => Text ?? "a value",
    };
}
