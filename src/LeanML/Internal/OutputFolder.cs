namespace LeanML.Internal;

/// <summary>The one rule for a file a command writes: its folder must exist (a typo in a path is reported, never made into folders).</summary>
internal static class OutputFolder
{
    /// <summary>Throws exit-3 input error naming <paramref name="output"/> when the folder of <paramref name="output"/> does not exist.</summary>
    public static void Require(string output)
    {
        if (!Directory.Exists(Path.GetDirectoryName(Path.GetFullPath(output))))
        {
            throw new LeanMLInputException("the output's folder does not exist.", output, field: "--output");
        }
    }
}
