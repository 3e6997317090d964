using System.Globalization;
using System.Text.Json;

namespace LeanML.Experiments;

/// <summary>
/// One event as received (HTTP body, CSV or JSONL line), still unvalidated text: <c>{id, unit, name, value, time}</c>.
/// <paramref name="Index"/> locates it in its source (array index for HTTP, line number for a file).
/// </summary>
/// <param name="Index">Where it came from: 0-based array index, or 1-based line number of a file.</param>
/// <param name="Id">The event's unique id (makes loading idempotent).</param>
/// <param name="Unit">The unit it belongs to.</param>
/// <param name="Name">The event name metrics refer to.</param>
/// <param name="Value">The value as text; empty means 1.</param>
/// <param name="Time">When it happened, ISO 8601 (a date alone means midnight UTC).</param>
/// <param name="Malformed">Why the source item could not even be read (not a JSON object, not JSON), or null.</param>
public sealed record EventInput(int Index, string? Id, string? Unit, string? Name, string? Value, string? Time, string? Malformed = null)
{
    /// <summary>Reads one element of a JSON array of events; fields of the wrong JSON type become text the validation rejects.</summary>
    public static EventInput FromJson(JsonElement element, int index)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return new EventInput(index, null, null, null, null, null, $"the event is a JSON {element.ValueKind.ToString().ToLowerInvariant()}, not an object like {{\"id\": ..., \"unit\": ..., \"name\": ..., \"value\": ..., \"time\": ...}}");
        }

        string? Field(string name) => element.TryGetProperty(name, out var v)
            ? v.ValueKind switch
            {
                JsonValueKind.String => v.GetString(),
                JsonValueKind.Number => v.GetRawText(),
                JsonValueKind.Null => null,
                _ => "\u0000" + v.ValueKind.ToString().ToLowerInvariant(),
            }
            : null;

        return new EventInput(index, Field("id"), Field("unit"), Field("name"), Field("value"), Field("time"));
    }

    /// <summary>Validates the event; returns the reason it is rejected, or null with the parsed event.</summary>
    public string? Validate(out ExperimentEvent? parsed)
    {
        parsed = null;
        if (Malformed is not null)
        {
            return Malformed;
        }

        foreach (var (field, text) in new[] { ("id", Id), ("unit", Unit), ("name", Name), ("time", Time) })
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return $"'{field}' is missing or empty";
            }

            if (text.StartsWith('\u0000'))
            {
                return $"'{field}' is a JSON {text[1..]}; write a string";
            }
        }

        var value = 1.0;
        if (!string.IsNullOrWhiteSpace(Value))
        {
            if (Value.StartsWith('\u0000') || !double.TryParse(Value, NumberStyles.Float, CultureInfo.InvariantCulture, out value) || !double.IsFinite(value))
            {
                return $"'value' is '{Value.TrimStart('\u0000')}', not a finite number";
            }
        }

        if (!TryParseTime(Time!, out var time))
        {
            return $"'time' is '{Time}'; write an ISO 8601 time like 2026-11-22T10:00:00Z";
        }

        parsed = new ExperimentEvent(Id!, Unit!, Name!, value, time);
        return null;
    }

    /// <summary>Parses an ISO 8601 time; without an offset it is taken as UTC.</summary>
    public static bool TryParseTime(string text, out DateTimeOffset time)
    {
        var ok = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out time);
        time = time.ToUniversalTime();
        return ok;
    }
}
