namespace LeanML.IntegrationTests.Infrastructure;

/// <summary>Paths of the repository and the shared datasets beside it.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    /// <summary>../shared/datasets relative to the repo root (CI has the same folder there).</summary>
    public static string Datasets { get; } = Path.GetFullPath(Path.Combine(Root, "..", "shared", "datasets"));

    public static string Dataset(string relative)
    {
        var path = Path.Combine(Datasets, relative);
        return File.Exists(path) ? path : throw new FileNotFoundException($"The shared dataset {path} is missing: tests read ../shared/datasets beside the repo root.");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LeanML.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find the repository root (LeanML.slnx) above " + AppContext.BaseDirectory);
    }
}
