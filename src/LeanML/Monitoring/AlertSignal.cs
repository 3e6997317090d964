namespace LeanML.Monitoring;

/// <summary>
/// One signal evaluated against one alert rule, ready for <see cref="AlertService"/>: the drift monitor, live
/// performance, volume and errors each produce these.
/// </summary>
/// <param name="Project">The project.</param>
/// <param name="Kind">drift | performance | volume | errors.</param>
/// <param name="Value">The measured value (null when there was nothing to measure).</param>
/// <param name="Threshold">The rule's threshold it was compared with.</param>
/// <param name="N">Rows behind the value (compared with the rule's min_n).</param>
/// <param name="Breached">True when the value is past the threshold: the alert fires (if n reaches min_n).</param>
/// <param name="Sentence">The alert as one plain sentence, e.g. "churn: realised auc fell to 0.712 … below 0.75, n = 1,204".</param>
public sealed record AlertSignal(string Project, string Kind, double? Value, double Threshold, long N, bool Breached, string Sentence);
