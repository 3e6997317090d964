using System.Globalization;
using LeanML.Experiments;
using LeanML.Ingestion;
using LeanML.IntegrationTests.Experiments;
using LeanML.IntegrationTests.Infrastructure;
using LeanML.Projects;
using LeanML.Runs;
using LeanML.Storage;

namespace LeanML.IntegrationTests.Projects;

/// <summary>
/// A workspace of six projects and a history with known events, each project set up to trigger one health rule:
/// healthy (on track), overdue, duesoon (bar not met), quiet (no event for 14 days), tested (a failing error test)
/// and alerted (an alert in the window). The last two signals come from a stand-in for the sources of the transforms
/// and monitoring branches, through the same seam those will use.
/// </summary>
internal static class BoardFixture
{
    public const string HealthyBrief = """
        # Churn, the team's first model.
        name: healthy
        owner: ana@acme.example   # CS analytics
        stakeholders: [lead-cs@acme.example]
        stage: modeling           # moves to shipped after the review
        due: {0}
        health_note: Waiting on the October export.
        task: binary
        dataset:
          sql: SELECT c.*, p.amount FROM customers c JOIN "payments" p ON p.customer_id = c.customer_id
          id: customer_id
          label: churned
        baseline:
          name: month-to-month
          sql: CASE WHEN contract = 'Month-to-month' THEN 1.0 ELSE 0.0 END
        metric: auc
        done_when: auc >= 0.80
        """;

    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(now.UtcDateTime);

    public static LeanML.Workspace.Workspace Write(TempDir dir, DateTimeOffset now, string settings = "")
    {
        File.WriteAllText(dir.Combine("leanml.yaml"), settings);
        var today = Today(now);
        string Day(int days) => today.AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Brief(dir, "healthy", string.Format(CultureInfo.InvariantCulture, HealthyBrief, Day(30)));
        Brief(dir, "overdue", Simple("data", Day(-3), "SELECT * FROM orders"));
        Brief(dir, "duesoon", Simple("modeling", Day(3), "SELECT * FROM customers_old"));
        Brief(dir, "quiet", Simple("shipped", Day(60), "SELECT 1"));
        Brief(dir, "tested", Simple("data", Day(60), "SELECT 1"));
        Brief(dir, "alerted", Simple("measuring", Day(60), "SELECT 1"));
        Directory.CreateDirectory(dir.Combine("experiments"));
        File.WriteAllText(dir.Combine("experiments", "outreach.yaml"), ExperimentStoreTests<SqliteProvider>.ExperimentYaml(extra: "project: healthy"));
        return LeanML.Workspace.Workspace.Open(dir.Path);
    }

    /// <summary>Records the history: runs, a promotion, an experiment started and decided, a stage change, loads.</summary>
    public static async Task RecordAsync(Database state, Database warehouse, DateTimeOffset now)
    {
        var runs = new RunStore(state);
        await runs.InsertAsync(Run("01JBOARD00000000000000000A", "healthy", now.AddDays(-3), 0.78, 0.71, barMet: false));
        var best = Run("01JBOARD00000000000000000B", "healthy", now.AddDays(-2), 0.84, 0.71, barMet: true);
        await runs.InsertAsync(best);
        await runs.PromoteAsync(best, "ana");
        await runs.InsertAsync(Run("01JBOARD00000000000000000C", "overdue", now.AddDays(-1), 0.9, 0.7, barMet: true));
        await runs.InsertAsync(Run("01JBOARD00000000000000000D", "duesoon", now.AddDays(-1), 0.61, 0.7, barMet: false));
        await runs.InsertAsync(Run("01JBOARD00000000000000000E", "quiet", now.AddDays(-20), 0.9, 0.7, barMet: true));
        await runs.InsertAsync(Run("01JBOARD00000000000000000F", "tested", now.AddDays(-1), 0.9, 0.7, barMet: true));
        await runs.InsertAsync(Run("01JBOARD00000000000000000G", "alerted", now.AddDays(-1), 0.9, 0.7, barMet: true));

        var experiments = new ExperimentStore(state);
        var outreach = await experiments.CreateAsync("outreach", "s", now.AddDays(-3).AddHours(1));
        await experiments.AssignAsync("outreach", [.. Enumerable.Range(0, 10).Select(i => $"cust-{i}")], u => u.EndsWith('1') ? "model" : "control", now.AddDays(-3));
        await experiments.StopAsync(outreach, now.AddDays(-1));

        await new ProjectHistoryStore(state).AddStageChangeAsync(new StageChange("healthy", "data", "modeling", now.AddDays(-1), "ana"));

        var log = new IngestLogStore(warehouse);
        await log.InsertAsync(Load("7", "data/customers.csv", "customers", now.AddDays(-2), loaded: 7040, quarantined: 3), null);
        await log.InsertAsync(Load("8", "data/weather.csv", "weather", now.AddDays(-2), loaded: 365, quarantined: 0), null);
        await log.InsertAsync(Load("6", "data/customers.csv", "customers", now.AddDays(-9), loaded: 7000, quarantined: 0), null);
    }

    /// <summary>The stand-in for the transforms and monitoring sources: a failing error test and an alert.</summary>
    public static IReadOnlyList<IProjectEventSource> SourcesWithSignals(DateTimeOffset now) =>
    [
        .. ProjectEventSources.Default,
        new FixedEventSource("test",
        [
            new ProjectEvent("tested", now.AddDays(-1), "test", "not_null on customers.customer_id failed (12 rows)", "test:customers.not_null", HealthSignal.FailingErrorTest),
            new ProjectEvent("alerted", now.AddDays(-2), "alert", "drift in logins_last_4w", "alert:42", HealthSignal.Alert),
        ]),
    ];

    private static void Brief(TempDir dir, string name, string text)
    {
        Directory.CreateDirectory(dir.Combine("projects", name));
        File.WriteAllText(dir.Combine("projects", name, "project.yaml"), text);
    }

    private static string Simple(string stage, string due, string sql) => $"""
        name: x
        owner: bo@acme.example
        stage: {stage}
        due: {due}
        task: binary
        dataset:
          sql: {sql}
          id: id
          label: y
        baseline:
          sql: "1.0"
        metric: auc
        done_when: auc >= 0.80
        """;

    private static TrainingRunRecord Run(string id, string project, DateTimeOffset at, double auc, double rule, bool barMet) =>
        new(id, project, at, "binary", "auc", auc, rule, auc - rule, barMet, barMet ? "done" : "not yet", 0, "fp", new Dictionary<string, string>(), "{}");

    private static IngestLogEntry Load(string id, string file, string table, DateTimeOffset at, long loaded, long quarantined) =>
        new(id, file, "sha", 100, "csv", table, "append", loaded + quarantined, loaded, quarantined, 0, 0, [], [], at, at.AddSeconds(1), "loaded", null);
}

/// <summary>An event source returning fixed events: how a capability's source joins the update.</summary>
internal sealed class FixedEventSource(string kind, IReadOnlyList<ProjectEvent> events) : IProjectEventSource
{
    public string Kind => kind;

    public Task<IReadOnlyList<ProjectEvent>> ReadAsync(ProjectEventContext context, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ProjectEvent>>(events.Where(e => e.At >= context.From).ToList());
}
