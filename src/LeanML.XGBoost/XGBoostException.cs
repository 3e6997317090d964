namespace LeanML.XGBoost;

/// <summary>A call into libxgboost failed; the message is XGBoost's own (XGBGetLastError).</summary>
public sealed class XGBoostException : Exception
{
    /// <summary>Creates the exception with XGBoost's message.</summary>
    public XGBoostException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public XGBoostException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Creates the exception with no message.</summary>
    public XGBoostException() { }
}
