using System.Data.Common;
using LeanML.Storage;

namespace LeanML.Ingestion;

/// <summary>A statement a load leaves to run after it commits (see <see cref="LoadedFile.Defer"/>), with its text parameters.</summary>
/// <param name="Sql">LeanML's own SQL, parameters written <c>@name</c>.</param>
/// <param name="Parameters">The value of each parameter, by name.</param>
public sealed record DeferredStatement(string Sql, IReadOnlyDictionary<string, string> Parameters)
{
    /// <summary>Runs the statement in <paramref name="transaction"/>; the rows it changed.</summary>
    public async Task<long> ExecuteAsync(Database database, DbTransaction transaction, CancellationToken cancellationToken = default)
    {
        await using var cmd = database.Command(Sql, transaction);
        foreach (var (name, value) in Parameters)
        {
            cmd.Bind(name, value);
        }

        return await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
