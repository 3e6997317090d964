using System.Text;

namespace LeanML.Ingestion.Internal;

/// <summary>
/// One input file as both ingest and <c>score --input FILE</c> read it: checked to be a regular file (no FIFO, device,
/// dangling or looping link), its format from the extension (a gzip file by its magic bytes, read transparently), its
/// text encoding and CSV delimiter; it opens the record source of its format.
/// </summary>
internal sealed class FileInput
{
    private static readonly string[] TextExtensions = [".csv", ".tsv", ".tab", ".txt", ".json", ".jsonl", ".ndjson"];

    private FileInput(string path, IngestFormat format, bool gzip, Encoding encoding, char delimiter, ReaderOptions options)
    {
        Path = path;
        Format = format;
        Gzip = gzip;
        Encoding = encoding;
        Delimiter = delimiter;
        Options = options;
    }

    /// <summary>The absolute path.</summary>
    public string Path { get; }

    /// <summary>The format read.</summary>
    public IngestFormat Format { get; }

    /// <summary>True when the file is gzip-compressed.</summary>
    public bool Gzip { get; }

    /// <summary>The text encoding (UTF-8 unless --encoding says otherwise).</summary>
    public Encoding Encoding { get; }

    /// <summary>The CSV delimiter.</summary>
    public char Delimiter { get; }

    /// <summary>The reader options.</summary>
    public ReaderOptions Options { get; }

    /// <summary>The extensions a folder's files are ingested by (also with .gz after a text one).</summary>
    public static IReadOnlyList<string> KnownExtensions { get; } = [.. TextExtensions, ".xlsx", ".parquet"];

    /// <summary>True when the file name has an extension ingest reads (data.csv, data.csv.gz).</summary>
    public static bool HasKnownExtension(string file) => KnownExtensions.Contains(Extension(file));

    /// <summary>The extension that decides the format, without a trailing .gz (data.csv.gz → .csv).</summary>
    public static string Extension(string file)
    {
        var ext = System.IO.Path.GetExtension(file).ToLowerInvariant();
        return ext == ".gz" ? System.IO.Path.GetExtension(System.IO.Path.GetFileNameWithoutExtension(file)).ToLowerInvariant() : ext;
    }

    /// <summary>The file name without its extensions (data/Sales 2024.csv.gz → Sales 2024).</summary>
    public static string BaseName(string file)
    {
        var name = System.IO.Path.GetFileName(file);
        if (name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            name = name[..^3];
        }

        return System.IO.Path.GetFileNameWithoutExtension(name);
    }

    /// <summary>Checks the file and decides how to read it; errors name the file and what it is not.</summary>
    public static FileInput Open(string path, ReaderOptions options)
    {
        CheckRegularFile(path);
        var gzip = HasGzipMagic(path);
        var format = options.Format ?? FormatOf(path);
        if (gzip && format is IngestFormat.Xlsx or IngestFormat.Parquet)
        {
            throw new LeanMLInputException($"is gzip-compressed; only text formats (CSV, TSV, JSON, JSON Lines) are read compressed. Decompress it first (gunzip).", path);
        }

        var encoding = TextEncoding(options.Encoding);
        var probe = new FileInput(path, format, gzip, encoding, ',', options);
        if (format is not (IngestFormat.Xlsx or IngestFormat.Parquet) && encoding is not UnicodeEncoding)
        {
            probe.RefuseBinary();
        }

        if (format == IngestFormat.Json && !probe.StartsWithArray())
        {
            format = IngestFormat.Jsonl;
        }

        var delimiter = format switch
        {
            IngestFormat.Tsv => options.Delimiter ?? '\t',
            IngestFormat.Csv => options.Delimiter ?? probe.DetectDelimiter(),
            _ => ',',
        };
        return new FileInput(path, format, gzip, encoding, delimiter, options);
    }

    /// <summary>The format of a file from its extension (a trailing .gz aside).</summary>
    public static IngestFormat FormatOf(string file) => Extension(file) switch
    {
        ".csv" or ".txt" => IngestFormat.Csv,
        ".tsv" or ".tab" => IngestFormat.Tsv,
        ".json" => IngestFormat.Json,
        ".jsonl" or ".ndjson" => IngestFormat.Jsonl,
        ".xlsx" => IngestFormat.Xlsx,
        ".parquet" or ".pq" => IngestFormat.Parquet,
        _ => throw new LeanMLInputException("cannot tell the format from the file extension; pass --format csv|tsv|json|jsonl|xlsx|parquet.", file, field: "--format"),
    };

    /// <summary>
    /// Refuses what is not a regular file before opening it: a dangling or looping symbolic link, a folder, and a FIFO
    /// or device (reading one would block or never end; .NET reports their size as 0, like an empty file's).
    /// </summary>
    public static void CheckRegularFile(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null)
        {
            FileSystemInfo? target;
            try
            {
                target = info.ResolveLinkTarget(returnFinalTarget: true);
            }
            catch (IOException ex)
            {
                throw new LeanMLInputException($"is a symbolic link that loops (it leads back to itself), not a file: {ex.Message} Point it at a file.", path, inner: ex);
            }

            if (target is null || !target.Exists)
            {
                throw new LeanMLInputException($"is a symbolic link to '{target?.FullName ?? info.LinkTarget}', which does not exist. Point it at a file, or remove it.", path);
            }

            info = new FileInfo(target.FullName);
        }

        if (Directory.Exists(info.FullName))
        {
            throw new LeanMLInputException("is a folder, not a file.", path);
        }

        if (!info.Exists)
        {
            throw new LeanMLInputException("no such file.", path);
        }

        if (info.Length == 0)
        {
            throw new LeanMLInputException("has no bytes: it is empty, or not a regular file (a FIFO or a device such as /dev/zero). LeanML reads regular files only: save the data to a file first.", path);
        }
    }

    /// <summary>The encoding named by --encoding; UTF-8 keeps invalid bytes as escapes so a quarantined record keeps them.</summary>
    public static Encoding TextEncoding(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        null or "" or "utf-8" or "utf8" => Utf8Escape.Utf8,
        "latin1" or "latin-1" or "iso-8859-1" or "iso8859-1" => Encoding.Latin1,
        "cp1252" or "windows-1252" => CodePagesEncodingProvider.Instance.GetEncoding(1252)!,
        "utf-16" or "utf16" or "utf-16le" => Encoding.Unicode,
        "utf-16be" => Encoding.BigEndianUnicode,
        _ => throw new LeanMLInputException($"--encoding '{name}' is not one LeanML reads; use utf-8, latin1, cp1252 or utf-16.", field: "--encoding"),
    };

    /// <summary>The file's bytes, decompressed when gzip; <paramref name="file"/> is the file itself, for progress.</summary>
    public Stream OpenStream(out FileStream file)
    {
        file = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Gzip ? new CheckedGzipStream(file, Path) : file;
    }

    /// <summary>The file's text.</summary>
    public StreamReader OpenText(out FileStream file) => new(OpenStream(out file), Encoding, detectEncodingFromByteOrderMarks: true, 1 << 16);

    /// <summary>Opens the record source of the format; <paramref name="columns"/> fixes a JSON file's columns found by a first pass.</summary>
    public RecordSource OpenSource(IReadOnlyList<string>? columns = null) => Format switch
    {
        IngestFormat.Csv or IngestFormat.Tsv => new CsvRecordSource(this),
        IngestFormat.Json => new JsonRecordSource(this, lines: false, columns),
        IngestFormat.Jsonl => new JsonRecordSource(this, lines: true, columns),
        IngestFormat.Parquet => new ParquetRecordSource(Path),
        _ => new XlsxRecordSource(Path, Options.Sheet),
    };

    /// <summary>
    /// Refuses a file whose first 64 KiB hold a NUL byte: no text encoding LeanML reads without a byte-order mark
    /// writes one, so it is binary (a program, an image, an archive under a text extension), whose bytes would
    /// otherwise load as a few garbled rows and many quarantined ones.
    /// </summary>
    private void RefuseBinary()
    {
        var head = new byte[1 << 16];
        int read;
        using (var stream = OpenStream(out _))
        {
            read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }

        var bytes = head.AsSpan(0, read);
        var utf16Mark = bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]);
        if (!utf16Mark && bytes.IndexOf((byte)0) is var at and >= 0)
        {
            throw new LeanMLInputException(
                $"is not a text file: byte {at + 1:N0}{(Gzip ? " (decompressed)" : "")} is NUL, which text does not hold. Load the export itself (CSV, TSV, JSON, JSON Lines, XLSX or Parquet); if it is UTF-16 text without a byte-order mark, pass --encoding utf-16.",
                Path);
        }
    }

    /// <summary>True when the first non-blank character opens a JSON array.</summary>
    public bool StartsWithArray()
    {
        using var reader = OpenText(out _);
        int c;
        while ((c = reader.Read()) >= 0)
        {
            if (!char.IsWhiteSpace((char)c))
            {
                return c == '[';
            }
        }

        return false;
    }

    /// <summary>Guesses the delimiter among , ; tab | from the first lines: the one that splits them most consistently.</summary>
    public char DetectDelimiter()
    {
        using var reader = OpenText(out _);
        return CsvRecordSource.DetectDelimiter(reader, Options.SkipRows);
    }

    private static bool HasGzipMagic(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
        Span<byte> magic = stackalloc byte[2];
        return stream.ReadAtLeast(magic, 2, throwOnEndOfStream: false) == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
    }
}
