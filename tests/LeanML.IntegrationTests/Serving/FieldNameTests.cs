using System.Net;
using System.Text;
using System.Text.Json;
using LeanML.Features;
using LeanML.IntegrationTests.Scoring;
using LeanML.Storage;

namespace LeanML.IntegrationTests.Serving;

/// <summary>
/// A model trained on an ingested table knows its features by their snake_case names (contract, customer_id); a
/// request may name a field so or by the header as written (Contract, customerID), the rule batch score applies to a
/// file's columns. Real HTTP against Kestrel.
/// </summary>
public sealed class FieldNameTests : IAsyncLifetime
{
    private readonly ServingWorkspace _ws = ServingWorkspace.Create();
    private RunningServer _server = null!;

    public async Task InitializeAsync()
    {
        // The telco fixture model with the names ingest gives the CSV's columns, in its schema and its model.json.
        var telco = ServingWorkspace.TelcoSchema();
        var snake = telco with
        {
            IdColumn = SqlNames.ToSnakeCase(telco.IdColumn!),
            Features = [.. telco.Features.Select(f => f with { Name = SqlNames.ToSnakeCase(f.Name) })],
        };
        Assert.Contains(snake.Features, f => f.Name == "contract");
        Assert.Equal("customer_id", snake.IdColumn);
        var model = await File.ReadAllTextAsync(XGBoostFixtures.ModelPath("telco"));
        var names = "\"feature_names\":[" + string.Join(",", telco.Features.Select(f => $"\"{f.Name}\"")) + "]";
        Assert.Contains(names, model, StringComparison.Ordinal);
        model = model.Replace(names, "\"feature_names\":[" + string.Join(",", snake.Features.Select(f => $"\"{f.Name}\"")) + "]", StringComparison.Ordinal);
        await _ws.AddRunAsync("churn", "telco", snake, model: Encoding.UTF8.GetBytes(model));
        _server = await RunningServer.StartAsync(_ws);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _ws.Dispose();
    }

    // Telco CSV row i with its id, each field named by its header as written or by its snake_case name.
    private static string Row(int i, bool headers)
    {
        var rows = ServingWorkspace.TelcoRows();
        var parts = new List<string>();
        foreach (var (name, j) in rows[0].Select((n, j) => (n, j)).Where(c => c.n != "Churn"))
        {
            var v = rows[i + 1][j];
            if (string.IsNullOrWhiteSpace(v))
            {
                continue;
            }

            var field = headers ? name : SqlNames.ToSnakeCase(name);
            parts.Add(ServingWorkspace.TelcoSchema().Features.FirstOrDefault(f => f.Name == name)?.Kind == FeatureKind.Number ? $"\"{field}\": {v}" : $"\"{field}\": \"{v}\"");
        }

        return "{" + string.Join(", ", parts) + "}";
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string url, string body)
    {
        using var response = await _server.Client.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"));
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    [Fact]
    public async Task Header_names_as_written_and_snake_case_names_score_the_same_as_libxgboost()
    {
        Assert.Contains("\"Contract\": ", Row(0, headers: true), StringComparison.Ordinal);
        var expected = ServingWorkspace.TelcoExpected();
        foreach (var headers in new[] { true, false })
        {
            var (status, body) = await PostAsync("/v1/projects/churn/predict", $$"""{"rows": [{{Row(0, headers)}}, {{Row(1, headers)}}]}""");
            Assert.True(status == HttpStatusCode.OK, body.ToString());
            var predictions = body.GetProperty("predictions");
            Assert.Equal(ServingWorkspace.F(expected[0]), ServingWorkspace.F(predictions[0].GetProperty("score").GetSingle()));
            Assert.Equal(ServingWorkspace.F(expected[1]), ServingWorkspace.F(predictions[1].GetProperty("score").GetSingle()));
            Assert.Equal(ServingWorkspace.TelcoRows()[1][0], predictions[0].GetProperty("id").GetString());   // customerID is the id
            Assert.False(body.TryGetProperty("missing_features", out _));
        }

        // Explain takes the same names.
        var (explained, why) = await PostAsync("/v1/projects/churn/predict", $$"""{"rows": [{{Row(0, headers: true)}}], "explain": true, "top": 3}""");
        Assert.True(explained == HttpStatusCode.OK, why.ToString());
        Assert.Equal(3, why.GetProperty("predictions")[0].GetProperty("contributions").GetArrayLength());

        // MLflow's dataframe_split columns too.
        var rows = ServingWorkspace.TelcoRows();
        var columns = rows[0].Where(n => n is not ("Churn" or "TotalCharges")).ToArray();
        var values = columns.Select(c => rows[1][Array.IndexOf(rows[0], c)]).Select(v => double.TryParse(v, System.Globalization.CultureInfo.InvariantCulture, out _) ? v : $"\"{v}\"");
        var names = JsonSerializer.Serialize(columns);
        var (split, predicted) = await PostAsync("/invocations", "{\"dataframe_split\": {\"columns\": " + names + ", \"data\": [[" + string.Join(", ", values) + "]]}}");
        Assert.True(split == HttpStatusCode.OK, predicted.ToString());
    }

    [Fact]
    public async Task Unknown_fields_and_two_names_for_one_feature_are_400_naming_them()
    {
        var (status, body) = await PostAsync("/v1/projects/churn/predict", $$"""{"rows": [{{Row(0, headers: true).Replace("{", "{\"Colour\": \"red\", ", StringComparison.Ordinal)}}]}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("unknown field 'Colour'", body.GetProperty("detail").GetString(), StringComparison.Ordinal);

        (status, body) = await PostAsync("/v1/projects/churn/predict", $$"""{"rows": [{{Row(0, headers: true).Replace("{", "{\"contract\": \"One year\", ", StringComparison.Ordinal)}}]}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var detail = body.GetProperty("detail").GetString()!;
        Assert.Contains("'contract'", detail, StringComparison.Ordinal);
        Assert.Contains("'Contract'", detail, StringComparison.Ordinal);
        Assert.True(body.GetProperty("errors").TryGetProperty("rows[0].Contract", out _), body.ToString());

        (status, body) = await PostAsync("/invocations", """{"dataframe_split": {"columns": ["tenure", "Tenure"], "data": [[1, 2]]}}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("'tenure' and 'Tenure'", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
