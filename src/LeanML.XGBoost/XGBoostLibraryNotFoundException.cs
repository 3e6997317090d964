namespace LeanML.XGBoost;

/// <summary>libxgboost could not be loaded; the message says how to install it.</summary>
public sealed class XGBoostLibraryNotFoundException : Exception
{
    /// <summary>Creates the exception with install instructions.</summary>
    public XGBoostLibraryNotFoundException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public XGBoostLibraryNotFoundException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Creates the exception with no message.</summary>
    public XGBoostLibraryNotFoundException() { }
}
