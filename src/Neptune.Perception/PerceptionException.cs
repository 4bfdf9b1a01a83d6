namespace Neptune.Perception;

/// <summary>What went wrong in perception, for accounting.</summary>
public enum PerceptionErrorKind
{
    /// <summary>The question could not be interpreted.</summary>
    UninterpretableQuestion,

    /// <summary>An argument was out of range (object index, arity).</summary>
    InvalidArgument,

    /// <summary>A model endpoint failed repeatedly or could not be reached.</summary>
    EndpointUnavailable,

    /// <summary>A model answered in a shape that could not be read.</summary>
    MalformedResponse,

    /// <summary>The image could not be read.</summary>
    InvalidImage,
}

/// <summary>A typed perception failure; the program that triggered it fails with this kind recorded.</summary>
public class PerceptionException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="kind">The failure kind.</param>
    /// <param name="message">A message naming what failed (the question, the endpoint, ...).</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public PerceptionException(PerceptionErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    /// <summary>The failure kind.</summary>
    public PerceptionErrorKind Kind { get; }
}
