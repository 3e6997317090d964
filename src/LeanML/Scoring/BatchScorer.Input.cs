using LeanML.Features;
using LeanML.Storage;

namespace LeanML.Scoring;

/// <summary>The rows a <see cref="ScoreRequest"/> names, opened once for scoring and for explaining.</summary>
public sealed partial class BatchScorer
{
    /// <summary>
    /// Opens what the request names (a table, a file, a query, or the brief's dataset.sql) and matches its columns to
    /// the model's features; an input error names the features it lacks. The warehouse is opened only when a table or
    /// query is read or <paramref name="needWarehouse"/> (a table is written): a file to a file leaves it free.
    /// </summary>
    private async Task<ScoreInput> OpenRequestInputAsync(ScoreRequest request, ScoringModel model, bool needWarehouse, CancellationToken cancellationToken)
    {
        if (request.Input is not null && request.InputSql is not null)
        {
            throw new LeanMLInputException("give --input or --input-sql, not both (with neither, the brief's dataset.sql is read).", field: "--input-sql");
        }

        var input = request.Input;
        var inputSql = request.InputSql;
        if (input is null && inputSql is null)
        {
            inputSql = Training.ProjectBrief.Load(workspace, request.Project).Dataset.Sql;
        }

        var inputIsFile = input is not null && (File.Exists(input) || IsFile(input));
        var warehouse = inputIsFile && !needWarehouse ? null : await Warehouse.OpenAsync(workspace, cancellationToken).ConfigureAwait(false);
        ScoreSource? source = null;
        try
        {
            source = inputSql is not null
                ? await TableScoreSource.OpenQueryAsync(await Warehouse.OpenForUserSqlAsync(workspace, warehouse!, cancellationToken).ConfigureAwait(false), SqlStatements.RequireOne(inputSql, request.InputSql is null ? "dataset.sql" : "--input-sql"), stream: false, cancellationToken).ConfigureAwait(false)
                : await OpenInputAsync(warehouse, inputIsFile, input!, model.Schema, stream: false, cancellationToken).ConfigureAwait(false);
            var columns = source.Columns;
            var featureOf = columns.Select(model.Encoder.IndexOf).ToArray();
            var missing = model.Schema.Features.Select(f => f.Name).Where(f => !columns.Contains(f, StringComparer.Ordinal)).ToArray();
            if (missing.Length > 0)
            {
                throw new LeanMLInputException($"the input lacks {missing.Length} feature column{(missing.Length > 1 ? "s" : "")} the model needs: {string.Join(", ", missing)}.", source.Name, field: missing[0]);
            }

            var idName = model.Schema.IdColumn is { } id && columns.Contains(id, StringComparer.Ordinal) ? id : null;
            var idIndex = idName is null ? -1 : Array.IndexOf(columns, idName);
            var ignored = columns.Where((c, i) => featureOf[i] < 0 && i != idIndex).ToArray();
            return new ScoreInput(warehouse, source, columns, featureOf, idName, idIndex, ignored, idIndex >= 0 && source.IsIntegerColumn(idIndex));
        }
        catch
        {
            if (source is not null)
            {
                await source.DisposeAsync().ConfigureAwait(false);
            }

            if (warehouse is not null)
            {
                await warehouse.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    /// <summary>An opened input: its source (disposed first) and the warehouse it may read from.</summary>
    private sealed record ScoreInput(Database? Warehouse, ScoreSource Source, string[] Columns, int[] FeatureOf, string? IdName, int IdIndex, string[] Ignored, bool IntegerIdColumn) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Source.DisposeAsync().ConfigureAwait(false);
            if (Warehouse is not null)
            {
                await Warehouse.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Opens <paramref name="input"/> (a file read as ingest reads it, or a warehouse table) or <paramref name="inputSql"/>
    /// (one SELECT, read as a subquery in a rolled-back transaction, as score reads it); <paramref name="warehouse"/> is
    /// needed for a table or query, whose rows are streamed (memory bounded however many there are).
    /// </summary>
    internal async Task<ScoreSource> OpenRowsAsync(Database? warehouse, string? input, string? inputSql, FeatureSchema schema, CancellationToken cancellationToken)
    {
        if (input is not null && inputSql is not null)
        {
            throw new LeanMLInputException("give --input or --input-sql, not both.", field: "--input-sql");
        }

        if (inputSql is not null)
        {
            return await TableScoreSource.OpenQueryAsync(await Warehouse.OpenForUserSqlAsync(workspace, warehouse!, cancellationToken).ConfigureAwait(false), SqlStatements.RequireOne(inputSql, "--input-sql"), stream: true, cancellationToken).ConfigureAwait(false);
        }

        ArgumentNullException.ThrowIfNull(input);
        return await OpenInputAsync(warehouse, IsInputFile(input), input, schema, stream: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>True when --input names a file (an existing one, or a name with a file extension or a path), not a table.</summary>
    internal static bool IsInputFile(string input) => File.Exists(input) || IsFile(input);
}
