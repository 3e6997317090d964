using LeanML.Features;
using LeanML.Storage;

namespace LeanML.Scoring;

/// <summary>The rows of <c>--input</c> / <c>--input-sql</c> as score reads them, for other commands that read a batch (monitor).</summary>
public sealed partial class BatchScorer
{
    /// <summary>
    /// Opens <paramref name="input"/> (a file read as ingest reads it, or a warehouse table) or <paramref name="inputSql"/>
    /// (one SELECT, read as a subquery in a rolled-back transaction, as score reads it); <paramref name="warehouse"/> is
    /// needed for a table or query.
    /// </summary>
    internal async Task<ScoreSource> OpenRowsAsync(Database? warehouse, string? input, string? inputSql, FeatureSchema schema, CancellationToken cancellationToken)
    {
        if (input is not null && inputSql is not null)
        {
            throw new LeanMLInputException("give --input or --input-sql, not both.", field: "--input-sql");
        }

        if (inputSql is not null)
        {
            return await TableScoreSource.OpenQueryAsync(await Warehouse.OpenForUserSqlAsync(workspace, warehouse!, cancellationToken).ConfigureAwait(false), SqlStatements.RequireOne(inputSql, "--input-sql"), cancellationToken).ConfigureAwait(false);
        }

        ArgumentNullException.ThrowIfNull(input);
        return await OpenInputAsync(warehouse, IsInputFile(input), input, schema, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>True when --input names a file (an existing one, or a name with a file extension or a path), not a table.</summary>
    internal static bool IsInputFile(string input) => File.Exists(input) || IsFile(input);
}
