using System.Text.Json;
using LeanML.IntegrationTests.Infrastructure;
using LeanML.Scoring;

namespace LeanML.IntegrationTests.Scoring;

/// <summary>
/// <c>leanml explain</c> run as a child process on a real workspace whose model is the Telco fixture: every row's top
/// contributions against libxgboost's pred_contribs of the same rows (through the binding), the values as the CSV
/// gave them, and the contributions plus bias adding up to the score's margin.
/// </summary>
public sealed class ExplainCommandTests
{
    private static string TelcoCsv => Repo.Dataset("telco-customer-churn/Telco-Customer-Churn.csv");

    [Fact]
    public async Task Every_row_of_telco_gets_libxgboost_top_contributions_in_a_jsonl_file()
    {
        using var ws = ServingWorkspace.Create();
        var run = await ws.AddRunAsync("churn", "telco", ServingWorkspace.TelcoSchema());
        var output = Path.Combine(ws.Root, "out", "why.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);   // score and explain write into an existing folder, as export does
        var result = await Infrastructure.Cli.RunAsync(ws.Root, "explain", "churn", "--input", TelcoCsv, "--top", "3", "--output", output, "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(7043, result.Json().GetProperty("rows").GetInt64());
        Assert.Equal(run, result.Json().GetProperty("run_id").GetString());

        // The fixture's first 7,043 rows are the CSV's rows encoded as libxgboost saw them.
        var json = await File.ReadAllBytesAsync(XGBoostFixtures.ModelPath("telco"));
        var model = XGBoostModel.Load(json);
        var (names, fixtureRows) = XGBoostFixtures.Features("telco");
        var expected = ShapParityTests.NativeContributions(json, model, fixtureRows[..7043], out _);
        var width = model.FeatureCount + 1;
        var lines = await File.ReadAllLinesAsync(output);
        Assert.Equal(7043, lines.Length);
        var csv = ServingWorkspace.TelcoRows();
        for (var i = 0; i < lines.Length; i++)
        {
            using var row = JsonDocument.Parse(lines[i]);
            var r = row.RootElement;
            Assert.Equal(csv[i + 1][0], r.GetProperty("id").GetString());
            var native = expected.AsSpan(i * width, width).ToArray();
            Assert.True(Math.Abs(r.GetProperty("bias").GetDouble() - native[width - 1]) <= 1e-5, $"row {i} bias");
            var top = Enumerable.Range(0, width - 1).Where(j => native[j] != 0).OrderByDescending(j => Math.Abs(native[j])).Take(3).ToArray();
            var contributions = r.GetProperty("contributions").EnumerateArray().ToArray();
            Assert.Equal(top.Length, contributions.Length);
            for (var k = 0; k < top.Length; k++)
            {
                var c = contributions[k];
                var feature = c.GetProperty("feature").GetString()!;
                var j = Array.IndexOf(names, feature);
                // The same feature, or one whose contribution ties it within float noise.
                Assert.True(j == top[k] || Math.Abs(Math.Abs(native[j]) - Math.Abs(native[top[k]])) <= 1e-5, $"row {i} place {k}: {feature} vs {names[top[k]]}");
                Assert.True(Math.Abs(c.GetProperty("contribution").GetDouble() - native[j]) <= 1e-5, $"row {i} {feature}");
                var raw = csv[i + 1][Array.IndexOf(csv[0], feature)];
                var value = c.GetProperty("value");
                if (value.ValueKind == JsonValueKind.String)
                {
                    Assert.Equal(raw, value.GetString());
                }
                else if (value.ValueKind == JsonValueKind.Number)
                {
                    Assert.Equal(double.Parse(raw, System.Globalization.CultureInfo.InvariantCulture), value.GetDouble(), 3);
                }
                else
                {
                    Assert.True(string.IsNullOrWhiteSpace(raw), $"row {i} {feature}: null for '{raw}'");
                }
            }
        }
    }

    [Fact]
    public async Task Json_on_stdout_with_every_feature_adds_up_to_the_margin()
    {
        using var ws = ServingWorkspace.Create();
        await ws.AddRunAsync("churn", "telco", ServingWorkspace.TelcoSchema());
        var input = Path.Combine(ws.Root, "few.csv");
        await File.WriteAllLinesAsync(input, File.ReadLines(TelcoCsv).Take(41));
        var result = await Infrastructure.Cli.RunAsync(ws.Root, "explain", "churn", "--input", input, "--top", "100", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        var doc = result.Json();
        Assert.Equal(40, doc.GetProperty("explained").GetInt64());
        foreach (var row in doc.GetProperty("rows").EnumerateArray())
        {
            var score = row.GetProperty("score").GetDouble();
            var sum = row.GetProperty("bias").GetDouble() + row.GetProperty("contributions").EnumerateArray().Sum(c => c.GetProperty("contribution").GetDouble());
            // SHAP's local accuracy: the margin is logit(score).
            Assert.Equal(Math.Log(score / (1 - score)), sum, 4);
            var magnitudes = row.GetProperty("contributions").EnumerateArray().Select(c => Math.Abs(c.GetProperty("contribution").GetDouble())).ToArray();
            Assert.Equal(magnitudes.OrderDescending(), magnitudes);
        }
    }

    [Fact]
    public async Task Bad_flags_name_what_to_fix()
    {
        using var ws = ServingWorkspace.Create();
        await ws.AddRunAsync("churn", "telco", ServingWorkspace.TelcoSchema());
        var top = await Infrastructure.Cli.RunAsync(ws.Root, "explain", "churn", "--input", TelcoCsv, "--top", "0");
        Assert.Equal(2, top.ExitCode);
        Assert.Contains("--top must be 1 or more", top.Stderr, StringComparison.Ordinal);
        var output = await Infrastructure.Cli.RunAsync(ws.Root, "explain", "churn", "--input", TelcoCsv, "--output", Path.Combine(ws.Root, "why.csv"));
        Assert.Equal(3, output.ExitCode);
        Assert.Contains(".jsonl", output.Stderr, StringComparison.Ordinal);
        var noModel = await Infrastructure.Cli.RunAsync(ws.Root, "explain", "nosuch", "--input", TelcoCsv);
        Assert.Equal(3, noModel.ExitCode);
        Assert.Contains("no production model", noModel.Stderr, StringComparison.Ordinal);
    }
}
