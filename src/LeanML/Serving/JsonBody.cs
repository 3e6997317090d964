using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace LeanML.Serving;

/// <summary>
/// Parses an HTTP request body as JSON the way every endpoint must: UTF-8 only (invalid bytes and lone surrogate escapes
/// are refused up front, where System.Text.Json would only fail later, when a string is read), no duplicated keys, and
/// errors that name the position without .NET's internal hints ("Change the reader options").
/// </summary>
public static class JsonBody
{
    private static readonly JsonDocumentOptions Options = new() { AllowDuplicateProperties = false };

    /// <summary>Parses a body; a <see cref="LeanMLInputException"/> says what is wrong and at which byte and line.</summary>
    public static JsonDocument Parse(ReadOnlySequence<byte> body)
    {
        if (!IsValidUtf8(body))
        {
            var bytes = body.ToArray();
            throw Error($"invalid UTF-8 at byte {InvalidUtf8Offset(bytes) + 1}{LineOf(bytes, InvalidUtf8Offset(bytes))}; send the body encoded as UTF-8.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, Options);
        }
        catch (JsonException ex)
        {
            throw Error(Describe(ex));
        }

        if (Contains(body, (byte)'\\') && LoneSurrogate(body) is { } offset)
        {
            document.Dispose();
            var bytes = body.ToArray();
            throw Error($"a lone surrogate escape (\\uD800-\\uDFFF without its pair) in the string at byte {offset + 1}{LineOf(bytes, offset)}; it is not a character.");
        }

        return document;
    }

    /// <summary>Parses a body held in one buffer.</summary>
    public static JsonDocument Parse(ReadOnlyMemory<byte> body) => Parse(new ReadOnlySequence<byte>(body));

    private static LeanMLInputException Error(string message) => new("the body is not valid JSON: " + message);

    // System.Text.Json's message without its internal hints, with a 1-based position.
    private static string Describe(JsonException ex)
    {
        var message = ex.Message;
        foreach (var cut in (ReadOnlySpan<string>)[" Path:", " LineNumber:", " Change the reader options", " Change the JsonReaderOptions"])
        {
            var at = message.IndexOf(cut, StringComparison.Ordinal);
            if (at >= 0)
            {
                message = message[..at];
            }
        }

        message = message.Replace(" during deserialization", "", StringComparison.Ordinal).Replace(" in this mode", "", StringComparison.Ordinal).Trim();
        if (ex.LineNumber is { } line && ex.BytePositionInLine is { } column)
        {
            message = message.TrimEnd('.') + $" (line {line + 1}, byte {column + 1}).";
        }

        return message;
    }

    private static bool IsValidUtf8(ReadOnlySequence<byte> body)
    {
        if (body.IsSingleSegment)
        {
            return Utf8.IsValid(body.FirstSpan);
        }

        // Segment by segment, the fast path; a character cut by a segment boundary looks invalid, so a failure is
        // checked again on the whole body.
        foreach (var segment in body)
        {
            if (!Utf8.IsValid(segment.Span))
            {
                return Utf8.IsValid(body.ToArray());
            }
        }

        return true;
    }

    private static int InvalidUtf8Offset(ReadOnlySpan<byte> bytes)
    {
        var offset = 0;
        while (offset < bytes.Length)
        {
            if (Rune.DecodeFromUtf8(bytes[offset..], out _, out var consumed) != OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return offset;
    }

    private static string LineOf(ReadOnlySpan<byte> bytes, long offset) =>
        $" (line {bytes[..(int)Math.Min(offset, bytes.Length)].Count((byte)'\n') + 1})";

    private static bool Contains(ReadOnlySequence<byte> body, byte value)
    {
        foreach (var segment in body)
        {
            if (segment.Span.Contains(value))
            {
                return true;
            }
        }

        return false;
    }

    // The offset of the first string or name whose escapes do not decode (a lone surrogate), or null. Only bodies with a
    // backslash get this second pass.
    private static long? LoneSurrogate(ReadOnlySequence<byte> body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
            {
                try
                {
                    _ = reader.GetString();
                }
                catch (InvalidOperationException)
                {
                    return reader.TokenStartIndex;
                }
            }
        }

        return null;
    }
}
