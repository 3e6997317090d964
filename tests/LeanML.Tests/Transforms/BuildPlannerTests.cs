using LeanML.Transforms;

namespace LeanML.Tests.Transforms;

public sealed class BuildPlannerTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "leanml-plan-" + Guid.NewGuid().ToString("N")[..12]);

    public BuildPlannerTests() => Directory.CreateDirectory(Path.Combine(_root, "transforms"));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Write(string name, string text) => File.WriteAllText(Path.Combine(_root, "transforms", name), text);

    private static readonly Func<RelationReference, bool> RawTables = r => r.Name is "raw_a" or "raw_b";

    [Fact]
    public void Orders_by_dependencies_with_ties_by_name_and_selects_up_and_down()
    {
        Write("d.sql", "SELECT * FROM b JOIN c ON true");
        Write("b.sql", "SELECT * FROM a");
        Write("c.sql", "SELECT * FROM a, raw_b");
        Write("a.sql", "SELECT * FROM raw_a");
        Write("e.sql", "SELECT * FROM raw_b");
        var project = TransformProject.Load(_root);
        Assert.Equal(["a", "b", "c", "d", "e"], BuildPlanner.Plan(project, RawTables, [], []).Order.Select(t => t.Name));
        Assert.Equal(["c", "d"], BuildPlanner.Plan(project, RawTables, [], ["c+"]).Order.Select(t => t.Name));
        Assert.Equal(["a", "b"], BuildPlanner.Plan(project, RawTables, [], ["+b"]).Order.Select(t => t.Name));
        Assert.Equal(["b", "e"], BuildPlanner.Plan(project, RawTables, ["e", "b"], []).Order.Select(t => t.Name));
        Assert.Equal(["b", "c"], project.ByName["d"].DependsOn);
        Assert.Equal(["raw_b"], project.ByName["c"].Tables.Select(t => t.Name));
    }

    [Fact]
    public void A_cycle_names_its_files_in_order()
    {
        Write("x.sql", "SELECT * FROM y");
        Write("y.sql", "SELECT * FROM z");
        Write("z.sql", "SELECT * FROM x");
        Write("w.sql", "SELECT * FROM raw_a");
        var error = Assert.Throws<LeanMLInputException>(() => BuildPlanner.Plan(TransformProject.Load(_root), RawTables, [], []));
        Assert.Contains("transforms/x.sql -> transforms/y.sql -> transforms/z.sql -> transforms/x.sql", error.Message, StringComparison.Ordinal);
        Assert.Equal("transforms/x.sql", error.File);
    }

    [Fact]
    public void A_reference_to_nothing_names_the_file_and_line_and_the_nearest_transform()
    {
        Write("customers_360.sql", "SELECT * FROM raw_a");
        Write("features.sql", "SELECT *\nFROM customer_360");
        var error = Assert.Throws<LeanMLInputException>(() => BuildPlanner.Plan(TransformProject.Load(_root), RawTables, [], []));
        Assert.Equal(("transforms/features.sql", 2), (error.File, error.Line));
        Assert.Contains("customers_360", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Files_are_held_to_one_select_a_valid_name_and_known_keys()
    {
        Write("two.sql", "SELECT 1; SELECT 2");
        Assert.Equal("transforms/two.sql", Assert.Throws<LeanMLInputException>(() => TransformProject.Load(_root)).File);
        File.Delete(Path.Combine(_root, "transforms", "two.sql"));
        Write("drop.sql", "DROP TABLE raw_a");
        Assert.Contains("one SELECT", Assert.Throws<LeanMLInputException>(() => TransformProject.Load(_root)).Message, StringComparison.Ordinal);
        File.Delete(Path.Combine(_root, "transforms", "drop.sql"));
        Write("Bad-Name.sql", "SELECT 1");
        Assert.Contains("bad_name", Assert.Throws<LeanMLInputException>(() => TransformProject.Load(_root)).Message, StringComparison.Ordinal);
        File.Delete(Path.Combine(_root, "transforms", "Bad-Name.sql"));
        Write("ok.sql", "-- materialized: view\nSELECT 1 AS x");
        Write("ok.yaml", "materialized: table\n");
        var conflict = Assert.Throws<LeanMLInputException>(() => TransformProject.Load(_root));
        Assert.Equal(("transforms/ok.yaml", 1), (conflict.File, conflict.Line));
        Write("ok.yaml", "columns:\n  - name: x\n    tests: [not_nul]\n");
        var typo = Assert.Throws<LeanMLInputException>(() => TransformProject.Load(_root));
        Assert.Equal(3, typo.Line);
        Assert.Contains("not_null", typo.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tests_are_read_in_dbt_shape_with_severity_and_freshness()
    {
        Write("t.sql", "-- materialized: table\nSELECT 1 AS id");
        Write("t.yaml", """
            columns:
              - name: id
                tests:
                  - unique
                  - not_null
                  - accepted_range: {min: 0, max: 100, severity: warn}
                  - relationships: {to: "ref('other')", field: id}
              - name: status
                tests:
                  - accepted_values: {values: [a, b], config: {severity: warn}}
            tests:
              - row_count: {min: 1}
              - row_count_change: {max_percent: 20}
              - expression: "id >= 0"
              - schema: {columns: {id: bigint, status: text}}
            freshness: {column: created_at, warn_after: 12h, error_after: {count: 2, period: day}}
            """);
        var t = TransformProject.Load(_root).ByName["t"];
        Assert.Equal(Materialization.Table, t.Materialized);
        Assert.Equal(["unique(id)", "not_null(id)", "accepted_range(id)", "relationships(id)", "accepted_values(status)", "row_count", "row_count_change", "expression", "schema", "freshness(created_at)"], t.Tests.Select(x => x.Name));
        Assert.Equal(TestSeverity.Warn, t.Tests[2].Severity);
        Assert.Equal(TestSeverity.Warn, t.Tests[4].Severity);
        Assert.Equal(TestSeverity.Error, t.Tests[0].Severity);
        Assert.Equal("other", t.Tests[3].To);
        Assert.Equal((TimeSpan.FromHours(12), TimeSpan.FromDays(2)), (t.Tests[9].WarnAfter!.Value, t.Tests[9].ErrorAfter!.Value));
    }
}
