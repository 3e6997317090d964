using System.Runtime.InteropServices;

namespace LeanML.XGBoost;

/// <summary>Layer 2: owns a native Booster; freed exactly once, never throwing.</summary>
public sealed class BoosterHandle : SafeHandle
{
    /// <summary>An empty handle, filled by the marshaller or <see cref="SafeHandle.SetHandle"/>.</summary>
    public BoosterHandle() : base(0, ownsHandle: true) { }

    internal BoosterHandle(nint handle) : this() => SetHandle(handle);

    /// <inheritdoc />
    public override bool IsInvalid => handle == 0;

    /// <inheritdoc />
    protected override bool ReleaseHandle() => XGBoostNative.XGBoosterFree(handle) == 0;
}
