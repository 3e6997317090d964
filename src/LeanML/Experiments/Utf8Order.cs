using System.Text;

namespace LeanML.Experiments;

/// <summary>Orders strings by their UTF-8 bytes, as SQLite's BINARY collation does (UTF-16 ordinal order differs above U+D7FF).</summary>
internal sealed class Utf8Order : IComparer<string>
{
    public static Utf8Order Instance { get; } = new();

    public int Compare(string? x, string? y) =>
        ((ReadOnlySpan<byte>)Encoding.UTF8.GetBytes(x ?? "")).SequenceCompareTo(Encoding.UTF8.GetBytes(y ?? ""));
}
