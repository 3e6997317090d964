using System.Text;

namespace LeanML.Ingestion.Internal;

/// <summary>
/// UTF-8 decoding that keeps invalid bytes, as Python's "surrogateescape" (PEP 383) does, but in the private-use
/// range (.NET refuses lone surrogates from a decoder fallback): byte 0x80-0xFF that is not UTF-8 becomes U+F780-U+F7FF
/// (the "UTF-8b" variant). So a record can be told bad without confusing it with a real U+FFFD, and the quarantine can
/// write back the bytes the file held. (A real U+F780-U+F7FF in a file, private use, would be taken for an escape.)
/// </summary>
internal static class Utf8Escape
{
    /// <summary>UTF-8 (no BOM written) with the escaping fallback.</summary>
    public static Encoding Utf8 { get; } = CreateUtf8();

    /// <summary>True when the text holds an escaped byte (it was not valid UTF-8).</summary>
    public static bool HasEscapes(ReadOnlySpan<char> text) => text.IndexOfAnyInRange('\uF780', '\uF7FF') >= 0;

    /// <summary>The bytes the text was decoded from: escapes back to their byte, the rest as UTF-8.</summary>
    public static byte[] ToBytes(string text)
    {
        var bytes = new List<byte>(text.Length);
        Span<byte> buffer = stackalloc byte[4];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is >= '\uF780' and <= '\uF7FF')
            {
                bytes.Add((byte)(c - 0xF700));
                continue;
            }

            var length = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            var n = Encoding.UTF8.GetBytes(text.AsSpan(i, length), buffer);
            for (var k = 0; k < n; k++)
            {
                bytes.Add(buffer[k]);
            }

            i += length - 1;
        }

        return [.. bytes];
    }

    /// <summary>The reason a record that is not UTF-8 is rejected, naming the encoding <paramref name="text"/> likely has.</summary>
    public static string Reason(ReadOnlySpan<char> text) => $"{ReasonStart} (the file looks like {Guess(text)}: read it with --encoding {Guess(text)})";

    /// <summary>How <see cref="Reason"/> starts.</summary>
    public const string ReasonStart = "invalid UTF-8 byte sequence";

    /// <summary>The text with each escaped byte shown as U+FFFD, for people to read.</summary>
    public static string Readable(string text)
    {
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (chars[i] is >= '\uF780' and <= '\uF7FF')
            {
                chars[i] = '\uFFFD';
            }
        }

        return new string(chars);
    }

    /// <summary>
    /// The encoding a non-UTF-8 text most likely has, from its escaped bytes: bytes 0x80-0x9F are printable only in
    /// Windows-1252 (€ ‘ ’ “ ” …), so any of them says cp1252; otherwise latin1.
    /// </summary>
    public static string Guess(ReadOnlySpan<char> text) => text.IndexOfAnyInRange('\uF780', '\uF79F') >= 0 ? "cp1252" : "latin1";

    private static Encoding CreateUtf8()
    {
        // A clone is writable (the constructed instance is read-only).
        var e = (Encoding)new UTF8Encoding(false, false).Clone();
        e.DecoderFallback = new EscapeFallback();
        return e;
    }

    private sealed class EscapeFallback : DecoderFallback
    {
        public override int MaxCharCount => 4;

        public override DecoderFallbackBuffer CreateFallbackBuffer() => new Buffer();

        private sealed class Buffer : DecoderFallbackBuffer
        {
            private byte[] _bytes = [];
            private int _next;

            public override int Remaining => _bytes.Length - _next;

            public override bool Fallback(byte[] bytesUnknown, int index)
            {
                _bytes = bytesUnknown;
                _next = 0;
                return bytesUnknown.Length > 0;
            }

            public override char GetNextChar() => _next < _bytes.Length ? (char)(0xF700 + Math.Max(_bytes[_next++], (byte)0x80)) : '\0';

            public override bool MovePrevious()
            {
                if (_next == 0)
                {
                    return false;
                }

                _next--;
                return true;
            }

            public override void Reset()
            {
                _bytes = [];
                _next = 0;
            }
        }
    }
}
