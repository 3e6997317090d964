using System.Buffers.Binary;
using System.IO.Compression;

namespace LeanML.Ingestion.Internal;

/// <summary>
/// A gzip file's decompressed bytes that refuses to end early: .NET's <see cref="GZipStream"/> reads a truncated file
/// (a download cut short) up to the cut and then simply ends, so its last record would load half-written and the rest
/// of the file silently never. At the end this compares the bytes read with the size the file's trailer records
/// (ISIZE, the length modulo 2^32, RFC 1952 section 2.3.1) and throws when they differ.
/// </summary>
internal sealed class CheckedGzipStream : Stream
{
    private readonly GZipStream _inner;
    private readonly string _path;
    private readonly uint? _recordedSize;
    private long _read;
    private bool _checked;

    /// <summary>Decompresses <paramref name="file"/>, the gzip file at <paramref name="path"/>; owns the file stream.</summary>
    public CheckedGzipStream(FileStream file, string path)
    {
        _path = path;
        _inner = new GZipStream(file, CompressionMode.Decompress, leaveOpen: false);
        if (file.Length >= 18)
        {
            // The trailer's last four bytes: the uncompressed length modulo 2^32, little-endian.
            Span<byte> isize = stackalloc byte[4];
            RandomAccess.Read(file.SafeFileHandle, isize, file.Length - 4);
            _recordedSize = BinaryPrimitives.ReadUInt32LittleEndian(isize);
        }
    }

    /// <inheritdoc />
    public override bool CanRead => true;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => false;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position { get => _read; set => throw new NotSupportedException(); }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        int n;
        try
        {
            n = _inner.Read(buffer);
        }
        catch (InvalidDataException ex)
        {
            throw Damaged("its compressed data is corrupt", ex);
        }

        return Counted(n, buffer.Length);
    }

    /// <inheritdoc />
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int n;
        try
        {
            n = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            throw Damaged("its compressed data is corrupt", ex);
        }

        return Counted(n, buffer.Length);
    }

    /// <inheritdoc />
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    public override void Flush()
    {
    }

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    // Counts what a read gave; the end of the stream (nothing for a buffer with room) is checked against the trailer once.
    private int Counted(int n, int requested)
    {
        _read += n;
        if (n > 0 || requested == 0 || _checked)
        {
            return n;
        }

        _checked = true;
        if (_recordedSize != (uint)_read)
        {
            throw Damaged($"it ended after {_read:N0} decompressed bytes, but its trailer records {(_recordedSize is { } s ? $"{s:N0}" : "none")}");
        }

        return n;
    }

    // (.NET's own words for corrupt data, "compressed using an unsupported compression method", would mislead.)
    private LeanMLInputException Damaged(string detail, Exception? inner = null) => new(
        $"the gzip file is truncated or damaged ({detail}); nothing was loaded. Download or copy it again (gzip -t FILE checks it); a file of several gzip members joined together loads once decompressed (gunzip it and load the result).",
        _path,
        inner: inner);
}
