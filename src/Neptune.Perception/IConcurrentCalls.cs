namespace Neptune.Perception;

/// <summary>
/// A perception that counts round trips and can be told that several calls are issued together (prefetch evaluation
/// starts a program's known <c>score()</c> calls at once): their requests share one round trip on the critical path
/// instead of costing one each.
/// </summary>
public interface IConcurrentCalls
{
    /// <summary>Marks the calls made until the returned scope is disposed as issued together.</summary>
    /// <returns>The scope; dispose it after the last call has been issued (not when the calls complete).</returns>
    IDisposable Concurrently();
}
