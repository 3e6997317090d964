using System.Text.Json;
using LeanML.Features;
using LeanML.Scoring;

namespace LeanML.IntegrationTests.Scoring;

/// <summary>
/// The row encoder over a run's schema, checked end to end: raw Telco CSV rows encoded by LeanML and scored by the
/// managed evaluator must give libxgboost's predictions on pandas' encoding of the same rows (make_fixtures.py).
/// </summary>
public sealed class RowEncoderTests
{
    private static readonly ScoringModel Telco = ScoringModel.Create("churn", "r1",
        File.ReadAllBytes(XGBoostFixtures.ModelPath("telco")), System.Text.Encoding.UTF8.GetBytes(ServingWorkspace.TelcoSchema().ToJson()));

    [Fact]
    public void Raw_csv_rows_encode_to_libxgboost_predictions_bit_for_bit()
    {
        var rows = ServingWorkspace.TelcoRows();
        var expected = ServingWorkspace.TelcoExpected();
        var columns = rows[0].Select(Telco.Encoder.IndexOf).ToArray();
        Assert.Equal(-1, columns[0]);   // customerID is not a feature
        var features = new float[Telco.Encoder.FeatureCount];
        var output = new float[1];
        var errors = new List<FeatureError>();
        for (var i = 1; i < rows.Length; i++)
        {
            var values = rows[i].Select(v => new FieldValue(FieldValueKind.Text, Text: v)).ToArray();
            Telco.Encoder.EncodeColumns(i - 1, columns, values, features, errors);
            Telco.Predict(features, output);
            Assert.Equal(ServingWorkspace.F(expected[i - 1]), ServingWorkspace.F(output[0]));
        }

        Assert.Empty(errors);
    }

    [Fact]
    public void Json_rows_encode_to_libxgboost_predictions_bit_for_bit()
    {
        // Every Telco row as the JSON object a client sends: names and category values are looked up by their UTF-8
        // bytes in the document, and must land on the codes the CSV path (and pandas) gives.
        var rows = ServingWorkspace.TelcoRows();
        var expected = ServingWorkspace.TelcoExpected();
        var features = new float[Telco.Encoder.FeatureCount];
        var output = new float[1];
        var errors = new List<FeatureError>();
        for (var i = 1; i < rows.Length; i++)
        {
            Telco.Encoder.EncodeJson(i - 1, JsonDocument.Parse(TelcoJson(rows[0], rows[i])).RootElement, features, errors);
            Telco.Predict(features, output);
            Assert.Equal(ServingWorkspace.F(expected[i - 1]), ServingWorkspace.F(output[0]));
        }

        Assert.Empty(errors);
    }

    [Fact]
    public void Escaped_names_and_values_encode_like_plain_ones()
    {
        var rows = ServingWorkspace.TelcoRows();
        var plain = TelcoJson(rows[0], rows[1]);
        // "gender": "Female" and "Contract": "Month-to-month" spelled with JSON escapes, as some clients send them.
        Assert.Contains("\"gender\": \"Female\"", plain, StringComparison.Ordinal);
        Assert.Contains("\"Contract\": \"Month-to-month\"", plain, StringComparison.Ordinal);
        var escaped = plain
            .Replace("\"gender\": \"Female\"", "\"g\\u0065nder\": \"F\\u0065male\"", StringComparison.Ordinal)
            .Replace("\"Contract\": \"Month-to-month\"", "\"Contract\": \"Month\\u002Dto-month\"", StringComparison.Ordinal);
        var expected = new float[Telco.Encoder.FeatureCount];
        var actual = new float[Telco.Encoder.FeatureCount];
        var errors = new List<FeatureError>();
        Telco.Encoder.EncodeJson(0, JsonDocument.Parse(plain).RootElement, expected, errors);
        Telco.Encoder.EncodeJson(0, JsonDocument.Parse(escaped).RootElement, actual, errors);
        Assert.Empty(errors);
        Assert.Equal(expected, actual);
        Assert.False(float.IsNaN(actual[Telco.Encoder.IndexOf("Contract")]));
    }

    // A Telco CSV row as a JSON object of its features (numbers bare, the rest as strings; no id, no label).
    private static string TelcoJson(string[] header, string[] row) =>
        "{" + string.Join(", ", header.Skip(1).SkipLast(1).Select((h, i) =>
        {
            var v = row[i + 1];
            return Telco.Schema.Features.First(f => f.Name == h).Kind == FeatureKind.Number && v.Trim().Length > 0 ? $"\"{h}\": {v}" : $"\"{h}\": \"{v}\"";
        })) + "}";

    [Fact]
    public void Unknown_field_and_wrong_type_are_named_with_row_and_field()
    {
        var features = new float[Telco.Encoder.FeatureCount];
        var errors = new List<FeatureError>();
        Telco.Encoder.EncodeJson(3, JsonDocument.Parse("""{"tenure": "long", "colour": "red", "Contract": 12}""").RootElement, features, errors);
        Assert.Contains(errors, e => e.Row == 3 && e.Field == "colour" && e.Message.Contains("unknown field 'colour'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Row == 3 && e.Field == "tenure" && e.Message.Contains("expected a number", StringComparison.Ordinal) && e.Message.Contains("\"long\"", StringComparison.Ordinal));
        // A feature left out is a missing value, never an error (issue 17 item 6).
        Assert.DoesNotContain(errors, e => e.Field == "gender");
        // A number for a category is looked up as its text: 12 is not a Contract, so it is an unseen category, not an error.
        Assert.DoesNotContain(errors, e => e.Field == "Contract");
        Assert.Equal(2, errors.Count);
    }

    [Fact]
    public void A_feature_training_never_saw_missing_is_scored_as_missing_and_counted_in_json_and_columns_alike()
    {
        // Telco row 0 without gender (never missing in training) and with TotalCharges null (missing in training).
        var rows = ServingWorkspace.TelcoRows();
        var header = rows[0];
        var features = new float[Telco.Encoder.FeatureCount];
        var errors = new List<FeatureError>();
        var missing = new List<MissingFeature>();
        var row = JsonDocument.Parse(RowJson(header, rows[1], except: "gender").Replace("}", ", \"TotalCharges\": null}", StringComparison.Ordinal)).RootElement;
        Telco.Encoder.EncodeJson(4, row, features, errors, null, missing);
        Assert.Empty(errors);
        Assert.Equal([new MissingFeature(4, "gender")], missing);   // TotalCharges may be missing: not counted
        Assert.True(float.IsNaN(features[Telco.Encoder.IndexOf("gender")]));

        // The same row through the batch path (columns), gender blank as in a CSV.
        var columns = header.Select(Telco.Encoder.IndexOf).ToArray();
        var values = rows[1].Select(v => new FieldValue(FieldValueKind.Text, Text: v)).ToArray();
        values[Array.IndexOf(header, "gender")] = new FieldValue(FieldValueKind.Text, Text: "");
        var batch = new float[Telco.Encoder.FeatureCount];
        missing.Clear();
        Telco.Encoder.EncodeColumns(9, columns, values, batch, errors, null, missing);
        Assert.Empty(errors);
        Assert.Equal([new MissingFeature(9, "gender")], missing);
        Assert.True(float.IsNaN(batch[Telco.Encoder.IndexOf("gender")]));

        // Scored with XGBoost's default direction: libxgboost's own prediction for pandas' row 0 with gender missing.
        var (names, fixtureRows) = XGBoostFixtures.Features("telco");
        var expected = (float[])fixtureRows[0].Clone();
        expected[Array.IndexOf(names, "gender")] = float.NaN;
        var model = XGBoostModel.Load(File.ReadAllBytes(XGBoostFixtures.ModelPath("telco")));
        float[] want = new float[1], got = new float[1];
        model.Predict(expected, want);
        Telco.Predict(batch, got);
        Assert.Equal(want[0], got[0]);
    }

    [Theory]
    [InlineData("1e400")]
    [InlineData("-1e400")]
    [InlineData("1e39")]   // finite as a double, infinite as the model's float32
    [InlineData("\"NaN\"")]
    [InlineData("\"Infinity\"")]
    [InlineData("\"-Infinity\"")]
    public void A_non_finite_number_is_an_error_naming_the_field(string value)
    {
        var features = new float[Telco.Encoder.FeatureCount];
        var errors = new List<FeatureError>();
        var rows = ServingWorkspace.TelcoRows();
        var json = RowJson(rows[0], rows[1], except: "tenure").Replace("}", $", \"tenure\": {value}}}", StringComparison.Ordinal);
        Telco.Encoder.EncodeJson(0, JsonDocument.Parse(json).RootElement, features, errors);
        var error = Assert.Single(errors);
        Assert.Equal("tenure", error.Field);
        Assert.Contains("expected a finite number", error.Message, StringComparison.Ordinal);
        if (value != "1e39")
        {
            Assert.Contains(value.Trim('"'), error.Message, StringComparison.Ordinal);   // the value as sent, not "Infinity" for 1e400
        }
    }

    // A Telco CSV row as a JSON object of its features (numbers as numbers), leaving out one field and blanks.
    private static string RowJson(string[] header, string[] row, string except)
    {
        var schema = ServingWorkspace.TelcoSchema();
        return "{" + string.Join(", ", schema.Features.Where(f => f.Name != except && !string.IsNullOrWhiteSpace(row[Array.IndexOf(header, f.Name)]))
            .Select(f => f.Kind == FeatureKind.Number ? $"\"{f.Name}\": {row[Array.IndexOf(header, f.Name)]}" : $"\"{f.Name}\": \"{row[Array.IndexOf(header, f.Name)]}\"")) + "}";
    }

    [Fact]
    public void Unseen_category_is_missing_and_counted()
    {
        var rows = ServingWorkspace.TelcoRows();
        var columns = rows[0].Select(Telco.Encoder.IndexOf).ToArray();
        var values = rows[1].Select(v => new FieldValue(FieldValueKind.Text, Text: v)).ToArray();
        var contract = Array.IndexOf(rows[0], "Contract");
        values[contract] = new FieldValue(FieldValueKind.Text, Text: "Lifetime");
        var features = new float[Telco.Encoder.FeatureCount];
        var errors = new List<FeatureError>();
        var unseen = new List<UnseenCategory>();
        Assert.Equal(1, Telco.Encoder.EncodeColumns(7, columns, values, features, errors, unseen));
        Assert.Empty(errors);
        Assert.True(float.IsNaN(features[Telco.Encoder.IndexOf("Contract")]));
        Assert.Equal([new UnseenCategory(7, "Contract", "Lifetime")], unseen);
    }

    [Fact]
    public void Dates_become_days_since_1970_as_training_did()
    {
        var weather = ScoringModel.Create("weather", "r2", File.ReadAllBytes(XGBoostFixtures.ModelPath("weather_multi")), System.Text.Encoding.UTF8.GetBytes(ServingWorkspace.WeatherSchema().ToJson()));
        var features = new float[5];
        var errors = new List<FeatureError>();
        weather.Encoder.EncodeJson(0, JsonDocument.Parse("""{"date": "2012-01-01", "precipitation": 0.0, "temp_max": 12.8, "temp_min": 5.0, "wind": 4.7}""").RootElement, features, errors);
        Assert.Empty(errors);
        Assert.Equal(15340f, features[0]);   // pandas: (Timestamp('2012-01-01') - Timestamp('1970-01-01')).days == 15340
        var (_, rows) = XGBoostFixtures.Features("weather_multi");
        Assert.Equal(rows[0], features);
    }
}
