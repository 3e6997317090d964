namespace LeanML.Ingestion.Internal;

/// <summary>
/// A forward-only reader of one input file's records as text cells aligned with its columns. Read twice:
/// pass 1 infers the types, pass 2 loads. A record that cannot be read carries an <see cref="Error"/> and its raw text.
/// </summary>
internal abstract class RecordSource : IDisposable
{
    /// <summary>The original column names, in order (a JSON source adds names as it meets them).</summary>
    public abstract IReadOnlyList<string> Columns { get; }

    /// <summary>The current record's cells, aligned with <see cref="Columns"/>; may be shorter (missing cells are NULL).</summary>
    public abstract IReadOnlyList<string?> Values { get; }

    /// <summary>The 1-based line (or record number for a JSON array) the current record starts at.</summary>
    public long Line { get; protected set; }

    /// <summary>Why the current record cannot be loaded, or null.</summary>
    public string? Error { get; protected set; }

    /// <summary>Bytes of the file consumed so far, for progress.</summary>
    public abstract long BytesRead { get; }

    /// <summary>Cells in the current record.</summary>
    public virtual int FieldCount => Values.Count;

    /// <summary>Cell <paramref name="i"/> of the current record without allocating (empty for NULL).</summary>
    public virtual ReadOnlySpan<char> Field(int i) => Values[i].AsSpan();

    /// <summary>True when cell <paramref name="i"/> is absent (as opposed to written, even if blank).</summary>
    public virtual bool IsNull(int i) => Values[i] is null;

    /// <summary>
    /// The current record's cells where the source keeps them side by side in one block (cell i is
    /// <c>block[starts[i]..ends[i]]</c>), so a reader copies them at once; false when it does not.
    /// </summary>
    public virtual bool TryGetBlock(out ReadOnlySpan<char> block, out ReadOnlySpan<int> starts, out ReadOnlySpan<int> ends)
    {
        block = default;
        starts = default;
        ends = default;
        return false;
    }

    /// <summary>Moves to the next record; false at the end of the file.</summary>
    public abstract bool Read();

    /// <summary>The current record as written in the file, for quarantine.</summary>
    public abstract string RawText();

    /// <summary>
    /// The current record's <see cref="RawText"/> when it is not simply its cells joined by <see cref="RawDelimiter"/>
    /// (NULL as nothing); null when it is, so a record can be kept as its cells alone and its text rebuilt if needed.
    /// </summary>
    public virtual string? RawTextUnlessJoined() => RawText();

    /// <summary>What joins the cells of a record into its raw text (see <see cref="RawTextUnlessJoined"/>).</summary>
    public virtual char RawDelimiter => ',';

    /// <summary>Releases the file.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the file.</summary>
    protected abstract void Dispose(bool disposing);
}
