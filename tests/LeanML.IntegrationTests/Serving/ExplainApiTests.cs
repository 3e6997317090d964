using System.Net;
using System.Text;
using System.Text.Json;
using LeanML.IntegrationTests.Scoring;
using LeanML.Scoring;

namespace LeanML.IntegrationTests.Serving;

/// <summary>Real HTTP against Kestrel: <c>"explain": true</c> on POST /v1/projects/{p}/predict (DESIGN.md sections 6 and 12).</summary>
public sealed class ExplainApiTests(PredictServerFixture fixture) : IClassFixture<PredictServerFixture>
{
    private HttpClient Client => fixture.Server.Client;

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string url, string body)
    {
        using var response = await Client.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    [Fact]
    public async Task Explain_adds_bias_and_top_contributions_equal_to_libxgboost()
    {
        var rows = Enumerable.Range(0, 30).Select(PredictApiTests.TelcoRowJson).ToArray();
        var (status, body) = await PostAsync("/v1/projects/churn/predict", $$"""{"rows": [{{string.Join(", ", rows)}}], "explain": true}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(fixture.ChurnRun, body.GetProperty("run_id").GetString());
        var predictions = body.GetProperty("predictions").EnumerateArray().ToArray();
        Assert.Equal(30, predictions.Length);

        var json = await File.ReadAllBytesAsync(XGBoostFixtures.ModelPath("telco"));
        var model = XGBoostModel.Load(json);
        var (names, fixtureRows) = XGBoostFixtures.Features("telco");
        var expected = ShapParityTests.NativeContributions(json, model, fixtureRows[..30], out _);
        var width = model.FeatureCount + 1;
        for (var i = 0; i < predictions.Length; i++)
        {
            var p = predictions[i];
            // The existing answer's fields stay: prediction_id and score (these rows carry no id column).
            Assert.True(p.TryGetProperty("prediction_id", out _));
            Assert.True(p.TryGetProperty("score", out _));
            Assert.True(Math.Abs(p.GetProperty("bias").GetDouble() - expected[(i * width) + width - 1]) <= 1e-5);
            var contributions = p.GetProperty("contributions").EnumerateArray().ToArray();
            Assert.Equal(5, contributions.Length);
            foreach (var c in contributions)
            {
                var j = Array.IndexOf(names, c.GetProperty("feature").GetString());
                Assert.True(Math.Abs(c.GetProperty("contribution").GetDouble() - expected[(i * width) + j]) <= 1e-5);
                Assert.True(c.TryGetProperty("value", out _));
            }
        }
    }

    [Fact]
    public async Task Without_explain_the_answer_is_unchanged_and_top_is_honoured_for_multiclass()
    {
        var (_, plain) = await PostAsync("/v1/projects/churn/predict", $$"""{"rows": [{{PredictApiTests.TelcoRowJson(0)}}]}""");
        Assert.False(plain.GetProperty("predictions")[0].TryGetProperty("contributions", out _));
        Assert.False(plain.GetProperty("predictions")[0].TryGetProperty("bias", out _));

        var (status, body) = await PostAsync("/v1/projects/weather/predict", """{"rows": [{"date": "2012-01-03", "precipitation": 0.8, "temp_max": 11.7, "temp_min": 7.2, "wind": 2.3}], "explain": true, "top": 2}""");
        Assert.Equal(HttpStatusCode.OK, status);
        var p = body.GetProperty("predictions")[0];
        Assert.True(p.TryGetProperty("label", out _));
        var contributions = p.GetProperty("contributions").EnumerateArray().ToArray();
        Assert.Equal(2, contributions.Length);
        // The date is shown as the request gave it.
        Assert.All(contributions, c => Assert.NotEqual(JsonValueKind.Undefined, c.GetProperty("value").ValueKind));
        Assert.Contains(contributions, c => c.GetProperty("feature").GetString() != "date" || c.GetProperty("value").GetString() == "2012-01-03");
    }

    [Fact]
    public async Task Bad_explain_or_top_is_a_validation_problem_naming_the_field()
    {
        var (status, body) = await PostAsync("/v1/projects/churn/predict", $$"""{"rows": [{{PredictApiTests.TelcoRowJson(0)}}], "explain": "yes"}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(body.GetProperty("errors").TryGetProperty("explain", out _));
        (status, body) = await PostAsync("/v1/projects/churn/predict", $$"""{"rows": [{{PredictApiTests.TelcoRowJson(0)}}], "explain": true, "top": 0}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(body.GetProperty("errors").TryGetProperty("top", out _));
    }
}
