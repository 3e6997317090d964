namespace LeanML.Explanations;

/// <summary>How explanations are written.</summary>
public enum ExplainFormat
{
    /// <summary>One line per row for people: the prediction, the bias and the top contributions.</summary>
    Text,

    /// <summary>One JSON object per line (.jsonl).</summary>
    JsonLines,

    /// <summary>One JSON document: <c>{"project", "run_id", "input", "rows": [...]}</c>.</summary>
    Document,
}
