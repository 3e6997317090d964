using LeanML.IntegrationTests.Infrastructure;
using LeanML.IntegrationTests.Scoring;

namespace LeanML.IntegrationTests.Transforms;

/// <summary>
/// A transform's view (the default materialisation) is a relation like a table for <c>tables</c>, <c>describe</c> and
/// <c>export</c>, as it already is for <c>sql</c> and <c>score --input</c>: the real CLI on each warehouse.
/// </summary>
public abstract class ViewCatalogTests : IAsyncLifetime
{
    /// <summary>A workspace on this class's warehouse engine.</summary>
    protected abstract ServingWorkspace NewWorkspace();

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public void A_transform_view_is_listed_described_and_exported()
    {
        using var ws = NewWorkspace();
        CliResult Run(params string[] args) => Infrastructure.Cli.Run(ws.Root, args);
        File.WriteAllText(Path.Combine(ws.Root, "s.csv"), "id,n\n1,5\n2,7\n");
        Assert.Equal(0, Run("ingest", "s.csv").ExitCode);
        Directory.CreateDirectory(Path.Combine(ws.Root, "transforms"));
        File.WriteAllText(Path.Combine(ws.Root, "transforms", "s_view.sql"), "SELECT id, n FROM s\n");
        File.WriteAllText(Path.Combine(ws.Root, "transforms", "s_flags.sql"), "SELECT id, n > 5 AS big FROM s\n");
        var build = Run("build");
        Assert.True(build.ExitCode == 0, build.ToString());

        var tables = Run("tables", "--json");
        Assert.True(tables.ExitCode == 0, tables.ToString());
        var byName = tables.Json().GetProperty("tables").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!);
        var view = byName["s_view"];
        Assert.Equal("view", view.GetProperty("kind").GetString());
        Assert.Equal("s_view", view.GetProperty("transform").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, view.GetProperty("rows").ValueKind);   // not counted: that would run the view
        Assert.Equal(2, view.GetProperty("columns").GetInt32());
        Assert.Equal(("table", 2L), (byName["s"].GetProperty("kind").GetString(), byName["s"].GetProperty("rows").GetInt64()));
        var text = Run("tables");
        Assert.Contains(text.Stdout.Split('\n'), l => l.StartsWith("s_view", StringComparison.Ordinal) && l.Contains("view", StringComparison.Ordinal) && l.Contains("transforms/s_view.sql", StringComparison.Ordinal));

        var describe = Run("describe", "s_view", "--json");
        Assert.True(describe.ExitCode == 0, describe.ToString());
        Assert.Equal(2L, describe.Json().GetProperty("rows").GetInt64());
        Assert.Equal(["id", "n"], describe.Json().GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()));

        var export = Run("export", "s_view", "--output", "v.csv");
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Equal(["1,5", "2,7", "id,n"], File.ReadAllLines(Path.Combine(ws.Root, "v.csv")).Order(StringComparer.Ordinal));

        // A stored BOOLEAN (no MIN, MAX or AVG of its own on PostgreSQL) is profiled as 0/1: one of the two is big.
        var flags = Run("describe", "s_flags", "--json");
        Assert.True(flags.ExitCode == 0, flags.ToString());
        var big = flags.Json().GetProperty("columns").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "big");
        Assert.Equal(("boolean", 0.5), (big.GetProperty("type").GetString(), big.GetProperty("mean").GetDouble()));

        var missing = Run("describe", "s_viewz");
        Assert.Equal(3, missing.ExitCode);
        Assert.Contains("no table or view 's_viewz'", missing.Stderr, StringComparison.Ordinal);
        Assert.Contains("s_view", missing.Stderr, StringComparison.Ordinal);
    }
}

public sealed class DuckDbViewCatalogTests : ViewCatalogTests
{
    protected override ServingWorkspace NewWorkspace() => ServingWorkspace.Create();
}

public sealed class PostgresViewCatalogTests : ViewCatalogTests
{
    private readonly PostgresProvider _pg = new();
    private readonly string _variable = "LEANML_TEST_VIEW_PG_" + Guid.NewGuid().ToString("N")[..8];

    public override async Task InitializeAsync() => Environment.SetEnvironmentVariable(_variable, await _pg.CreateDatabaseAsync());

    protected override ServingWorkspace NewWorkspace() => ServingWorkspace.CreatePostgres(_variable);

    public override async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable(_variable, null);
        await _pg.DisposeAsync();
    }
}
