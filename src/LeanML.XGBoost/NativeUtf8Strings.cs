using System.Runtime.InteropServices;

namespace LeanML.XGBoost;

/// <summary>A list of strings as NUL-terminated UTF-8 copies in native memory (a <c>const char**</c>), freed at dispose.</summary>
internal sealed class NativeUtf8Strings : IDisposable
{
    public NativeUtf8Strings(IReadOnlyList<string> values)
    {
        Pointers = new nint[values.Count];
        try
        {
            for (var i = 0; i < values.Count; i++)
            {
                Pointers[i] = Marshal.StringToCoTaskMemUTF8(values[i]);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The native pointers, one per string; pin with <c>fixed</c> to pass as <c>const char**</c>.</summary>
    public nint[] Pointers { get; }

    /// <summary>The number of strings, as the C API's length argument.</summary>
    public ulong Count => (ulong)Pointers.Length;

    public void Dispose()
    {
        foreach (var ptr in Pointers)
        {
            Marshal.FreeCoTaskMem(ptr);
        }
    }
}
