using LeanML.IntegrationTests.Infrastructure;

namespace LeanML.IntegrationTests.Storage;

/// <summary>
/// A run recorded before the split by id hash (Fixtures/sqlite-workspace, trained by an earlier release with the
/// seeded stratified shuffle) keeps its split when re-run, so its model comes back byte for byte.
/// </summary>
public sealed class LegacyRunRerunTests : IDisposable
{
    private readonly TempDir _dir = new();

    public LegacyRunRerunTests()
    {
        // As MigrateWarehouseCliTests copies it: every folder (empty ones too), then every file.
        var from = Path.Combine(Repo.Root, "tests", "LeanML.IntegrationTests", "Fixtures", "sqlite-workspace");
        string Target(string path) => Path.Combine(_dir.Path, Path.GetRelativePath(from, path).Replace("dot-leanml", ".leanml", StringComparison.Ordinal));
        foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Target(dir));
        }

        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Target(file));
        }
    }

    public void Dispose() => _dir.Dispose();

    // The earlier release recorded the 0/1 rule's log loss as a number (7.196); it is n/a since, so rerun honestly says
    // "not reproduced: ... the metrics differ" (exit 1) while the split and the model bytes are the same.
    [Fact]
    public void An_old_runs_rerun_splits_as_it_did_and_gives_the_same_model_bytes()
    {
        var migrated = Infrastructure.Cli.Run(_dir.Path, "migrate-warehouse");
        Assert.True(migrated.ExitCode == 0, migrated.ToString());
        var rerun = Infrastructure.Cli.Run(_dir.Path, "rerun", "01M957JT0Z", "--json");
        Assert.True(rerun.ExitCode == 1, rerun.ToString());
        var json = rerun.Json();
        Assert.False(json.GetProperty("metrics_equal").GetBoolean());
        Assert.True(json.GetProperty("data_unchanged").GetBoolean());
        Assert.True(json.GetProperty("model_identical").GetBoolean());
        var data = json.GetProperty("run").GetProperty("data");
        Assert.Equal("stratified random split (seed 0): train 153 rows, valid 39, test 48", data.GetProperty("split").GetString());
        var newId = json.GetProperty("run").GetProperty("run_id").GetString()!;
        Assert.Equal(
            File.ReadAllBytes(Path.Combine(_dir.Path, ".leanml", "runs", "01M957JT0ZD8WYE5HDXNKGDAG6", "model.json")),
            File.ReadAllBytes(Path.Combine(_dir.Path, ".leanml", "runs", newId, "model.json")));
    }
}
