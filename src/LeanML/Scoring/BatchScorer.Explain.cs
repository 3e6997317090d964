using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LeanML.Explanations;
using LeanML.Storage;

namespace LeanML.Scoring;

/// <summary><c>leanml explain</c>: the rows of a score request through TreeSHAP, each row's top contributions written out.</summary>
public sealed partial class BatchScorer
{
    /// <summary>
    /// Explains the rows <paramref name="request"/> names (the same inputs and reader flags as scoring): each row's
    /// prediction, bias and top contributions (for multiclass, toward the predicted class). Written to the request's
    /// output file (.jsonl: a row per line; .json: one document), replaced whole, or else to <paramref name="stream"/>
    /// in <paramref name="format"/>. A row that cannot be encoded is skipped and counted (with --strict, it fails the run).
    /// </summary>
    public async Task<ExplainResult> ExplainAsync(ExplainRequest request, Stream stream, ExplainFormat format, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(stream);
        var rows = request.Rows;
        if (request.Top < 1)
        {
            throw new LeanMLInputException($"--top must be 1 or more (it was {request.Top}).", field: "--top");
        }

        var outputPath = string.IsNullOrEmpty(rows.Output) ? null : Path.GetFullPath(rows.Output);
        if (outputPath is not null)
        {
            var extension = Path.GetExtension(outputPath).ToLowerInvariant();
            format = extension switch
            {
                ".jsonl" or ".ndjson" => ExplainFormat.JsonLines,
                ".json" => ExplainFormat.Document,
                _ => throw new LeanMLInputException($"explanations are written as .jsonl (a row per line) or .json (one document) files; '{extension}' is not one of them.", rows.Output, field: "--output"),
            };
            Internal.OutputFolder.Require(outputPath);
        }

        var clock = Stopwatch.StartNew();
        await using var state = await StateStore.OpenAsync(workspace, cancellationToken).ConfigureAwait(false);
        var record = await ModelSource.ResolveRunAsync(state, rows.Project, rows.Run, cancellationToken).ConfigureAwait(false);
        var model = await new ModelSource(workspace).LoadAsync(record, cancellationToken).ConfigureAwait(false);
        await using var input = await OpenRequestInputAsync(rows, model, needWarehouse: false, cancellationToken).ConfigureAwait(false);
        var source = input.Source;

        var temp = outputPath is null ? null : outputPath + ".tmp-" + Environment.ProcessId;
        var target = temp is null ? stream : new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        long count = 0, rejected = 0;
        string? firstReject = null;
        try
        {
            var explainer = new RowExplainer(model, request.Top);
            var features = new float[model.Encoder.FeatureCount];
            var result = new float[model.OutputCount];
            var values = new FieldValue[input.Columns.Length];
            var errors = new List<FeatureError>();
            var buffer = new ArrayBufferWriter<byte>(1 << 16);
            using var writer = new Utf8JsonWriter(buffer);
            var text = format == ExplainFormat.Text ? new StringBuilder() : null;
            if (format == ExplainFormat.Document)
            {
                writer.WriteStartObject();
                writer.WriteString("project"u8, model.Project);
                writer.WriteString("run_id"u8, model.RunId);
                writer.WriteString("input"u8, source.Name);
                writer.WriteNumber("top"u8, explainer.Top);
                writer.WriteStartArray("rows"u8);
            }

            long read = 0;
            while (await source.ReadAsync(values, cancellationToken).ConfigureAwait(false) is { } line)
            {
                read++;
                errors.Clear();
                model.Encoder.EncodeColumns((int)count, input.FeatureOf, values, features, errors);
                if (errors.Count > 0)
                {
                    var e = errors[0];
                    var where = source.IsFile ? $"line {line}" : $"row {line}";
                    if (rows.Strict)
                    {
                        throw new LeanMLInputException($"field '{e.Field}': {e.Message} Nothing was written (--strict).", source.Name, line: source.IsFile ? line : null, field: e.Field);
                    }

                    rejected++;
                    firstReject ??= $"{where}, field '{e.Field}': {e.Message}";
                    continue;
                }

                model.Predict(features, result);
                var classIndex = model.Model.ClassCount > 1 ? model.ClassIndex(result) : 0;
                var id = input.IdIndex < 0 ? null : input.IntegerIdColumn ? source.IntegerValue(input.IdIndex)?.ToString(CultureInfo.InvariantCulture) : IdText(values[input.IdIndex]);
                if (text is not null)
                {
                    WriteTextRow(text, model, explainer, features, result, classIndex, input.IdName, id, read);
                    if (text.Length > 1 << 15)
                    {
                        await FlushTextAsync(text, target, cancellationToken).ConfigureAwait(false);
                    }
                }
                else
                {
                    writer.WriteStartObject();
                    if (input.IdName is null)
                    {
                        writer.WriteNumber("row"u8, read);
                    }
                    else if (id is null)
                    {
                        writer.WriteNull("id"u8);
                    }
                    else
                    {
                        writer.WriteString("id"u8, id);
                    }

                    model.WritePredictionFields(writer, result);
                    explainer.WriteFields(writer, features, classIndex);
                    writer.WriteEndObject();
                    if (format == ExplainFormat.JsonLines)
                    {
                        writer.Flush();
                        buffer.Write("\n"u8);
                        writer.Reset(buffer);
                    }

                    if (buffer.WrittenCount > 1 << 15)
                    {
                        writer.Flush();
                        await target.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
                        buffer.ResetWrittenCount();
                    }
                }

                count++;
            }

            if (format == ExplainFormat.Document)
            {
                writer.WriteEndArray();
                writer.WriteNumber("explained"u8, count);
                writer.WriteNumber("rejected"u8, rejected);
                writer.WriteEndObject();
                writer.Flush();
                buffer.Write("\n"u8);
            }

            writer.Flush();
            await target.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
            if (text is not null)
            {
                await FlushTextAsync(text, target, cancellationToken).ConfigureAwait(false);
            }

            await target.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            if (temp is not null)
            {
                await target.DisposeAsync().ConfigureAwait(false);
                File.Delete(temp);
            }

            throw;
        }

        if (temp is not null)
        {
            await target.DisposeAsync().ConfigureAwait(false);
            File.Move(temp, outputPath!, overwrite: true);
        }

        return new ExplainResult(rows.Project, model.RunId, source.Name, outputPath, count, rejected, firstReject, input.Ignored, clock.Elapsed.TotalSeconds);
    }

    // "7590-VHVEG  score 0.812  bias -1.234  Contract=Month-to-month +0.853, tenure=1 +0.412"
    private static void WriteTextRow(StringBuilder text, ScoringModel model, RowExplainer explainer, float[] features, float[] result, int classIndex, string? idName, string? id, long row)
    {
        var top = explainer.Explain(features, classIndex, out var bias);
        var c = CultureInfo.InvariantCulture;
        text.Append(idName is null ? string.Create(c, $"row {row}") : $"{idName} {id ?? "(null)"}");
        text.Append("  ");
        if (model.Model.ClassCount > 1)
        {
            text.Append("label ").Append(model.Label(result));
        }
        else
        {
            text.Append(model.Task == "regression" ? "value " : "score ").Append(result[0].ToString("0.000", c));
        }

        text.Append("  bias ").Append(bias.ToString("0.000", c)).Append("  ");
        for (var i = 0; i < top.Length; i++)
        {
            text.Append(i == 0 ? "" : ", ").Append(explainer.Describe(top[i]));
        }

        text.Append('\n');
    }

    private static async Task FlushTextAsync(StringBuilder text, Stream target, CancellationToken cancellationToken)
    {
        await target.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()), cancellationToken).ConfigureAwait(false);
        text.Clear();
    }
}
