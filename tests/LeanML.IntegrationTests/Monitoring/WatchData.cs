using System.Globalization;
using LeanML.Storage;

namespace LeanML.IntegrationTests.Monitoring;

/// <summary>Writes what the server and the business would: logged predictions in the state store, an outcomes table in the warehouse.</summary>
internal static class WatchData
{
    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Logs predictions as the server's prediction log does (one row each, output "[score]").</summary>
    public static async Task LogAsync(LeanML.Workspace.Workspace workspace, string project, string runId, IEnumerable<(string PredictionId, string? RowId, DateTimeOffset At, double Score, string Inputs)> rows)
    {
        await using var state = await StateStore.OpenAsync(workspace);
        await using var tx = await state.Connection.BeginTransactionAsync();
        foreach (var r in rows)
        {
            await using var cmd = state.Command($"INSERT INTO {state.Engine.Meta("prediction_log")} (logged_at, project, run_id, inputs, output, prediction_id, row_id) VALUES (@a, @p, @r, @i, @o, @d, @w)", tx);
            cmd.Bind("@a", Time(r.At));
            cmd.Bind("@p", project);
            cmd.Bind("@r", runId);
            cmd.Bind("@i", r.Inputs);
            cmd.Bind("@o", "[" + r.Score.ToString("R", CultureInfo.InvariantCulture) + "]");
            cmd.Bind("@d", r.PredictionId);
            cmd.Bind("@w", r.RowId);
            await cmd.ExecuteNonQueryAsync();
        }

        await tx.CommitAsync();
    }

    /// <summary>Creates the outcomes table (customer, churned, known_at as ISO text) in the warehouse.</summary>
    public static async Task OutcomesAsync(LeanML.Workspace.Workspace workspace, IEnumerable<(string Customer, string Churned, DateTimeOffset KnownAt)> rows)
    {
        await using var warehouse = await Warehouse.OpenAsync(workspace);
        await using (var create = warehouse.Command("CREATE TABLE churn_outcomes (customer TEXT, churned TEXT, known_at TEXT)"))
        {
            await create.ExecuteNonQueryAsync();
        }

        foreach (var r in rows)
        {
            await using var cmd = warehouse.Command("INSERT INTO churn_outcomes (customer, churned, known_at) VALUES (@c, @l, @t)");
            cmd.Bind("@c", r.Customer);
            cmd.Bind("@l", r.Churned);
            cmd.Bind("@t", Time(r.KnownAt));
            await cmd.ExecuteNonQueryAsync();
        }
    }

    public const string Brief = """
        task: binary
        dataset:
          sql: SELECT * FROM telco
          id: customerID
          label: Churn
        baseline:
          sql: 0.5
        metric: auc
        done_when: auc >= 0.7
        outcome:
          sql: SELECT customer, churned, known_at FROM churn_outcomes
          id: customer
          label: churned
          time: known_at
          horizon: 30d
        """;

    public static void WriteBrief(string root)
    {
        Directory.CreateDirectory(Path.Combine(root, "projects", "churn"));
        File.WriteAllText(Path.Combine(root, "projects", "churn", "project.yaml"), Brief);
    }
}
