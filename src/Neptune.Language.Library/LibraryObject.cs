using Neptune.Language.Runtime;

namespace Neptune.Language.Library;

/// <summary>
/// Base of the host values the library hands to programs (<see cref="PyTensor"/>, <see cref="PyIota"/>,
/// <see cref="PyCountDistribution"/>): each belongs to one run, and its methods are the catalogue's methods of its type.
/// </summary>
public abstract class LibraryObject : PyHostObject
{
    /// <summary>Initialises the value for the run that made it.</summary>
    /// <param name="context">The run's context.</param>
    protected LibraryObject(HostRunContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Context = context;
    }

    /// <summary>The run this value belongs to (its logic applies to every operation on it).</summary>
    public HostRunContext Context { get; }

    /// <summary>Calls the catalogue method of this value's type.</summary>
    /// <inheritdoc />
    public sealed override PyObject? CallMethod(ExecutionMeter meter, string name, ReadOnlySpan<PyObject> args, ReadOnlySpan<PyKeyword> kwargs) =>
        PrimitiveCatalogue.Default.TryGetMethod(TypeName, name, out PrimitiveDescriptor? method)
            ? method.Invoke(Context, this, args, kwargs)
            : null;
}
