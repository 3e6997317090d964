using System.Runtime.InteropServices;

namespace LeanML.Scoring;

/// <summary>One feature on TreeSHAP's unique path (libxgboost's PathElement): the fractions of the paths through it.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ShapPathElement
{
    /// <summary>The feature split on (-1 for the root's element).</summary>
    public int Feature;

    /// <summary>The fraction of "zero" paths (the feature unknown) that flow through this branch: its share of the cover.</summary>
    public float Zero;

    /// <summary>The fraction of "one" paths (the feature known): 1 on the row's own branch, 0 on the others.</summary>
    public float One;

    /// <summary>The proportion of feature subsets of each size that reach here (pweight).</summary>
    public float Weight;
}
