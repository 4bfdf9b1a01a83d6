using System.Collections.Immutable;

namespace Neptune.Language.Syntax;

/// <summary>
/// Scratch lists reused within one parse, so collecting a node's children allocates only the final array. Nested
/// constructs rent several lists at once; each is returned by <see cref="Freeze"/>.
/// </summary>
internal sealed class ListPool<T>
{
    private readonly Stack<List<T>> _free = new();

    public List<T> Rent() => _free.Count > 0 ? _free.Pop() : new List<T>();

    /// <summary>Copies the list into an immutable array and returns the list to the pool.</summary>
    public ImmutableArray<T> Freeze(List<T> list)
    {
        ImmutableArray<T> result = list.Count == 0 ? [] : [.. list];
        list.Clear();
        _free.Push(list);
        return result;
    }
}
