namespace LeanML.Transforms;

/// <summary>What a build did with one transform.</summary>
public enum BuildStatus
{
    /// <summary>Built, tested and swapped in.</summary>
    Built,

    /// <summary>Unchanged (same SQL, same upstream loads): the live version stays.</summary>
    Skipped,

    /// <summary>Built, but a blocking test failed: the previous version stays.</summary>
    Failed,

    /// <summary>Its SQL failed, or a test could not run: the previous version stays; a fault of the files (exit 3).</summary>
    Error,

    /// <summary>Not built because a transform it reads failed in this build: the previous version stays.</summary>
    Blocked,
}
