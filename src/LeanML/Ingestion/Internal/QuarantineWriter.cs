using System.Text.Encodings.Web;
using System.Text.Json;

namespace LeanML.Ingestion.Internal;

/// <summary>Writes rejected records as JSON Lines to .leanml/quarantine/&lt;load-id&gt;.jsonl, creating the file on the first one.</summary>
internal sealed class QuarantineWriter(string path, string loadId, string file) : IDisposable
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private FileStream? _stream;
    private Utf8JsonWriter? _writer;

    /// <summary>The file written.</summary>
    public string Path { get; } = path;

    /// <summary>Records written.</summary>
    public long Count { get; private set; }

    /// <summary>The first record's line and reason, for the error of a file whose every row failed.</summary>
    public (long Line, string Reason)? First { get; private set; }

    /// <summary>The reason of the first record rejected for not being UTF-8 (it names the likely encoding), or null.</summary>
    public string? EncodingReason { get; private set; }

    /// <summary>Appends one record.</summary>
    public void Write(long line, string reason, string raw)
    {
        if (_stream is null)
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            _stream = new FileStream(Path, FileMode.Create, FileAccess.Write, FileShare.Read);
            _writer = new Utf8JsonWriter(_stream, Options);
        }

        First ??= (line, reason);
        if (EncodingReason is null && reason.StartsWith(Utf8Escape.ReasonStart, StringComparison.Ordinal))
        {
            EncodingReason = reason;
        }

        _writer!.Reset(_stream);
        _writer.WriteStartObject();
        _writer.WriteString("load_id", loadId);
        _writer.WriteString("file", file);
        _writer.WriteNumber("line", line);
        _writer.WriteString("reason", reason);
        if (Utf8Escape.HasEscapes(raw))
        {
            // Not UTF-8: the text for people, and the bytes exactly as the file held them.
            _writer.WriteString("raw", Utf8Escape.Readable(raw));
            _writer.WriteBase64String("raw_base64", Utf8Escape.ToBytes(raw));
        }
        else
        {
            _writer.WriteString("raw", raw);
        }

        _writer.WriteEndObject();
        _writer.Flush();
        _stream.WriteByte((byte)'\n');
        Count++;
    }

    /// <summary>Deletes the file (the load was cancelled, so its rejections mean nothing).</summary>
    public void Delete()
    {
        Dispose();
        if (File.Exists(Path))
        {
            File.Delete(Path);
        }
    }

    /// <summary>Flushes and closes the file.</summary>
    public void Dispose()
    {
        _writer?.Dispose();
        _stream?.Dispose();
        _writer = null;
        _stream = null;
    }
}
