namespace LeanML.Storage;

/// <summary>
/// Guards the embedded stores' files: a store the workspace has used is never silently recreated empty, and
/// <c>.leanml/</c> and the store files are readable by their owner only (they hold the data, raw request bodies and
/// token hashes).
/// </summary>
internal static class StoreFiles
{
    private const UnixFileMode PrivateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// Before a store file is opened: throws when it is missing or empty (0 bytes) although the workspace has runs or
    /// quarantined rows — opening would create a new, empty store in its place — and makes its folder private.
    /// </summary>
    public static void CheckBeforeOpen(Workspace.Workspace workspace, string path, string what)
    {
        var file = new FileInfo(path);
        if (!file.Exists || file.Length == 0)
        {
            var evidence = UseOf(workspace);
            if (evidence is not null)
            {
                var state = file.Exists ? "is empty (0 bytes)" : "is missing";
                throw new LeanMLEnvironmentException(
                    $"the {what} {Path.GetRelativePath(workspace.Root, path)} {state}, but this workspace has {evidence}: LeanML will not start a new, empty one in its place. " +
                    "Restore the file from a backup; to start over instead, run 'leanml init' in a new folder.");
            }

            if (file.Exists)
            {
                file.Delete();   // an empty file holds nothing; the store is created in its place
            }
        }

        // .leanml/ is LeanML's; a folder the user chose for the warehouse elsewhere keeps its permissions.
        var folder = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(folder);
        MakePrivate(workspace.StateDir, PrivateDirectory);
    }

    /// <summary>After a store file is opened (and perhaps created): readable and writable by its owner only.</summary>
    public static void AfterOpen(string path) => MakePrivate(path, PrivateFile);

    /// <summary>Creates <paramref name="directory"/> (and its parents) readable by its owner only.</summary>
    public static void CreatePrivateDirectory(string directory)
    {
        Directory.CreateDirectory(directory);
        MakePrivate(directory, PrivateDirectory);
    }

    // What shows the workspace was used, or null: runs recorded, or rows quarantined by an ingest.
    private static string? UseOf(Workspace.Workspace workspace)
    {
        if (Directory.Exists(workspace.RunsDir) && Directory.EnumerateFileSystemEntries(workspace.RunsDir).Any())
        {
            return "training runs in .leanml/runs";
        }

        if (Directory.Exists(workspace.QuarantineDir) && Directory.EnumerateFiles(workspace.QuarantineDir, "*", SearchOption.AllDirectories).Any())
        {
            return "quarantined rows in .leanml/quarantine";
        }

        return null;
    }

    private static void MakePrivate(string path, UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows() || !Path.Exists(path))
        {
            return;
        }

        try
        {
            if (File.GetUnixFileMode(path) != mode)
            {
                File.SetUnixFileMode(path, mode);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Another user's file: its owner decides; opening it reports what is wrong, if anything.
        }
    }
}
