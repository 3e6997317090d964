namespace LeanML.Runs;

/// <summary>One training run as recorded in the metadata store.</summary>
/// <param name="Id">The run id (a ULID: sortable by time).</param>
/// <param name="Project">The project it trained.</param>
/// <param name="CreatedAt">When it finished (UTC).</param>
/// <param name="Task">binary | regression | multiclass.</param>
/// <param name="Metric">The brief's primary metric.</param>
/// <param name="ModelValue">The model's primary metric on the test split.</param>
/// <param name="BaselineValue">The business baseline's primary metric on the same rows.</param>
/// <param name="Lift">ModelValue minus BaselineValue.</param>
/// <param name="BarMet">Whether the brief's done_when held.</param>
/// <param name="Verdict">The one-sentence verdict.</param>
/// <param name="Seed">The seed of the split and of XGBoost.</param>
/// <param name="Fingerprint">SHA-256 of the training matrix and labels in canonical order.</param>
/// <param name="Artifacts">Artifact file name → SHA-256 (hex) of its bytes.</param>
/// <param name="Details">The rest as a JSON document: parameters, metrics of all splits, versions, brief text and hash…</param>
public sealed record TrainingRunRecord(
    string Id,
    string Project,
    DateTimeOffset CreatedAt,
    string Task,
    string Metric,
    double? ModelValue,
    double? BaselineValue,
    double? Lift,
    bool BarMet,
    string Verdict,
    long Seed,
    string Fingerprint,
    IReadOnlyDictionary<string, string> Artifacts,
    string Details);
