using System.Runtime.InteropServices;

namespace LeanML.XGBoost;

/// <summary>Layer 2: owns a native DMatrix; freed exactly once, never throwing.</summary>
public sealed class DMatrixHandle : SafeHandle
{
    /// <summary>An empty handle, filled by the marshaller or <see cref="SafeHandle.SetHandle"/>.</summary>
    public DMatrixHandle() : base(0, ownsHandle: true) { }

    internal DMatrixHandle(nint handle) : this() => SetHandle(handle);

    /// <inheritdoc />
    public override bool IsInvalid => handle == 0;

    /// <inheritdoc />
    protected override bool ReleaseHandle() => XGBoostNative.XGDMatrixFree(handle) == 0;
}
