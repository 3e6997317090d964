namespace LeanML.Cli;

/// <summary>The exit codes of DESIGN.md section 5, used by every command.</summary>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Success = 0;

    /// <summary>The command ran but its answer is negative (a bar not met, drift found, a check failed).</summary>
    public const int Negative = 1;

    /// <summary>Usage error: unknown verb or option, missing argument.</summary>
    public const int Usage = 2;

    /// <summary>Bad input or data; the message names the file, line and column or field.</summary>
    public const int BadInput = 3;

    /// <summary>Environment error: a missing native library, an unreachable database.</summary>
    public const int Environment = 4;

    /// <summary>Interrupted by Ctrl-C; whatever was being written was rolled back.</summary>
    public const int Interrupted = 130;

    /// <summary>An unexpected failure: a bug in LeanML (EX_SOFTWARE).</summary>
    public const int InternalError = 70;
}
