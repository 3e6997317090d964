using LeanML.IntegrationTests.Infrastructure;

namespace LeanML.IntegrationTests.Transforms;

/// <summary><c>leanml build</c> and <c>leanml test</c> run as the real CLI on the example company: exit codes, JSON, messages.</summary>
public sealed class TransformCliTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private CliResult Run(params string[] args) => Infrastructure.Cli.Run(_dir.Combine("acme"), args);

    [Fact]
    public void The_example_builds_tests_skips_refuses_and_keeps_its_previous_version()
    {
        Assert.Equal(0, Infrastructure.Cli.Run(_dir.Path, "init", "acme", "--example", "--customers", "1000").ExitCode);
        Assert.Equal(0, Run("ingest", "data/").ExitCode);

        var build = Run("build", "--json");
        Assert.True(build.ExitCode == 0, build.ToString());
        var transforms = build.Json().GetProperty("transforms").EnumerateArray().ToList();
        Assert.Equal(["customers_360", "churn_features"], transforms.Select(t => t.GetProperty("name").GetString()));
        Assert.All(transforms, t => Assert.Equal("built", t.GetProperty("status").GetString()));
        Assert.Equal(["view", "table"], transforms.Select(t => t.GetProperty("materialized").GetString()));
        Assert.Contains("churn_features", build.Stderr, StringComparison.Ordinal);   // progress on stderr
        var rows = transforms[1].GetProperty("row_count").GetInt64();

        var again = Run("build", "--json");
        Assert.All(again.Json().GetProperty("transforms").EnumerateArray(), t => Assert.Equal("skipped", t.GetProperty("status").GetString()));

        var test = Run("test", "--json");
        Assert.True(test.ExitCode == 0, test.ToString());
        Assert.True(test.Json().GetProperty("results").GetArrayLength() >= 10);
        var history = Run("test", "--history", "churn_features", "--json");
        Assert.True(history.ExitCode == 0, history.ToString());
        Assert.Contains(history.Json().GetProperty("results").EnumerateArray(), r => r.GetProperty("phase").GetString() == "build");
        Assert.Equal(2, Run("test", "--history").ExitCode);

        // A reference to nothing: exit 3 naming the file.
        File.WriteAllText(_dir.Combine("acme", "transforms", "broken.sql"), "SELECT *\nFROM churn_featurez\n");
        var broken = Run("build");
        Assert.Equal(3, broken.ExitCode);
        Assert.Contains("transforms/broken.sql", broken.Stderr, StringComparison.Ordinal);
        Assert.Contains("churn_features", broken.Stderr, StringComparison.Ordinal);
        File.Delete(_dir.Combine("acme", "transforms", "broken.sql"));

        // A blocking test that fails: 'test' exits 1; a changed build exits 1 and the previous table stays.
        File.AppendAllText(_dir.Combine("acme", "transforms", "churn_features.yaml"), "  - row_count: {max: 5}\n");
        var failing = Run("test", "churn_features");
        Assert.True(failing.ExitCode == 1, failing.ToString());
        Assert.Contains("FAIL churn_features: row_count", failing.Stdout, StringComparison.Ordinal);
        File.AppendAllText(_dir.Combine("acme", "transforms", "churn_features.sql"), "-- changed\n");
        var kept = Run("build", "--select", "churn_features+", "--json");
        Assert.True(kept.ExitCode == 1, kept.ToString());
        Assert.Equal("failed", kept.Json().GetProperty("transforms")[0].GetProperty("status").GetString());
        var count = Run("sql", "SELECT COUNT(*) AS n FROM churn_features", "--json");
        Assert.Equal(rows, count.Json().GetProperty("rows")[0][0].GetInt64());
    }
}
