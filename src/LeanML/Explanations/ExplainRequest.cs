using LeanML.Scoring;

namespace LeanML.Explanations;

/// <summary>What <c>leanml explain</c> was asked to do: the rows of a score request and how many contributions to keep.</summary>
/// <param name="Rows">The rows to explain, named as <c>leanml score</c> names them (<see cref="ScoreRequest.Output"/>: a .jsonl or .json file, or empty for the caller's stream).</param>
/// <param name="Top">The largest contributions kept per row.</param>
public sealed record ExplainRequest(ScoreRequest Rows, int Top = 5);
