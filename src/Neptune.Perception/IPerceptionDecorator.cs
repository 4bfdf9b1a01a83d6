namespace Neptune.Perception;

/// <summary>
/// A perception that wraps another — routing some questions elsewhere, or counting calls — and asks it everything else.
/// Whoever needs a capability of the perception underneath (its picture, say) looks through the wrappers with
/// <see cref="PerceptionDecorators.Find{T}"/>.
/// </summary>
public interface IPerceptionDecorator
{
    /// <summary>The wrapped perception.</summary>
    IScenePerception Inner { get; }
}

/// <summary>Looks through <see cref="IPerceptionDecorator"/> wrappers.</summary>
public static class PerceptionDecorators
{
    /// <summary>The perception itself or the first one beneath its wrappers that is a <typeparamref name="T"/>; null when none is.</summary>
    /// <typeparam name="T">The capability wanted.</typeparam>
    /// <param name="perception">The perception a program runs with.</param>
    /// <returns>The perception as a <typeparamref name="T"/>, or null.</returns>
    public static T? Find<T>(IScenePerception perception)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(perception);
        IScenePerception? current = perception;
        for (int depth = 0; current is not null && depth < 64; depth++)
        {
            if (current is T found)
            {
                return found;
            }

            current = (current as IPerceptionDecorator)?.Inner;
        }

        return null;
    }
}
