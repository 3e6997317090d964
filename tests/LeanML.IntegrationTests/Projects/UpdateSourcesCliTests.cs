using System.Globalization;
using LeanML.IntegrationTests.Infrastructure;

namespace LeanML.IntegrationTests.Projects;

/// <summary>
/// The update and the digest read what the other capabilities record: a transform build whose blocking data test fails
/// (Telco's 11 blank total_charges) puts the project off track, and a report published today appears in both.
/// </summary>
public sealed class UpdateSourcesCliTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private CliResult Run(params string[] args) => Infrastructure.Cli.Run(_dir.Path, args);

    [Fact]
    public void A_failing_blocking_test_and_a_published_report_reach_the_update_and_the_digest()
    {
        File.WriteAllText(_dir.Combine("leanml.yaml"), "warehouse:\n  provider: duckdb\n");
        Directory.CreateDirectory(_dir.Combine("projects", "churn"));
        File.WriteAllText(_dir.Combine("projects", "churn", "project.yaml"), """
            name: churn
            question: Which customers will cancel?
            decision: Call the riskiest first.
            owner: ana@acme.example
            stage: modeling
            task: binary
            dataset:
              sql: SELECT * FROM telco_clean
              id: customer_id
              label: churn
            metric: auc
            done_when: auc >= 0.5
            """);
        Directory.CreateDirectory(_dir.Combine("transforms"));
        File.WriteAllText(_dir.Combine("transforms", "telco_base.sql"), "SELECT * FROM telco");
        File.WriteAllText(_dir.Combine("transforms", "telco_clean.sql"), "SELECT * FROM telco_base");
        File.WriteAllText(_dir.Combine("transforms", "telco_base.yaml"), """
            columns:
              - name: total_charges
                tests: [not_null]
            """);
        var ingest = Run("ingest", Repo.Dataset("telco-customer-churn/Telco-Customer-Churn.csv"), "--table", "telco");
        Assert.True(ingest.ExitCode == 0, ingest.ToString());
        var build = Run("build");
        Assert.True(build.ExitCode == 1, build.ToString());

        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Directory.CreateDirectory(_dir.Combine("reports"));
        File.WriteAllText(_dir.Combine("reports", $"{today}-blank-charges.md"), $"""
            ---
            title: Blank total charges in the Telco export
            authors: [ana@acme.example]
            tldr: Eleven new customers have no total charges yet; the feature table waits for a fix.
            created: {today}
            status: published
            project: churn
            tags: [data-quality]
            ---
            The export leaves total_charges blank for customers in their first month.
            """);

        var update = Run("update", "churn", "--json");
        Assert.True(update.ExitCode == 0, update.ToString());
        var churn = Assert.Single(update.Json().GetProperty("projects").EnumerateArray());
        Assert.Equal("off track", churn.GetProperty("health").GetString());
        Assert.Contains("not_null", churn.GetProperty("health_reason").GetString(), StringComparison.Ordinal);
        var lines = churn.GetProperty("lines").EnumerateArray().Select(l => (Kind: l.GetProperty("kind").GetString(), Text: l.GetProperty("text").GetString()!)).ToList();
        // Reached through telco_clean, which reads telco_base: the failing test is on the transform the project reads.
        Assert.Contains(lines, l => l.Kind == "build" && l.Text.Contains("not_null", StringComparison.Ordinal) && l.Text.Contains("11 failing rows", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Kind == "report" && l.Text.Contains("Blank total charges", StringComparison.Ordinal));

        var digest = Run("digest", "--dry-run", "--json");
        Assert.True(digest.ExitCode == 0, digest.ToString());
        Assert.Contains(digest.Json().GetProperty("items").EnumerateArray(), i => i.GetProperty("kind").GetString() == "report" && i.GetProperty("tags").EnumerateArray().Any(t => t.GetString() == "data-quality"));
    }
}
