namespace LeanML.Scoring;

/// <summary>The XGBoost objectives the managed evaluator supports, each with its output transform.</summary>
public enum XGBoostObjective
{
    /// <summary><c>binary:logistic</c>: sigmoid of the margin, the probability of the positive class.</summary>
    BinaryLogistic,

    /// <summary><c>reg:logistic</c>: sigmoid of the margin.</summary>
    RegLogistic,

    /// <summary><c>reg:squarederror</c> (alias <c>reg:linear</c>): the margin itself.</summary>
    RegSquaredError,

    /// <summary><c>multi:softprob</c>: softmax over the classes' margins, one probability per class.</summary>
    MultiSoftprob,

    /// <summary><c>multi:softmax</c>: the index of the largest class margin.</summary>
    MultiSoftmax,
}
