namespace LeanML.Serving;

/// <summary>The outcome of one prediction request: how many rows were scored, or why none were.</summary>
/// <param name="Rows">Rows scored (0 when invalid).</param>
/// <param name="UnseenCategories">Category values training never saw, scored as missing.</param>
/// <param name="Detail">For an invalid request: what is wrong, naming the row and field.</param>
/// <param name="Errors">For an invalid request: messages keyed by field (rows[i].name).</param>
public sealed record PredictionOutcome(int Rows, int UnseenCategories, string? Detail, IReadOnlyDictionary<string, string[]>? Errors)
{
    /// <summary>True when the request was valid and the predictions were written.</summary>
    public bool Succeeded => Detail is null && !NotServed;

    /// <summary>The project has neither a production model nor a running experiment for the request's unit.</summary>
    public static PredictionOutcome Unserved { get; } = new(0, 0, null, null) { NotServed = true };

    /// <summary>True when no model serves the project (HTTP 404).</summary>
    public bool NotServed { get; private init; }

    /// <summary>An invalid request.</summary>
    public static PredictionOutcome Invalid(string detail, IReadOnlyDictionary<string, string[]>? errors = null) => new(0, 0, detail, errors);
}
