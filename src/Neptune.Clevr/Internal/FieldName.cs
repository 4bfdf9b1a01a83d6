namespace Neptune.Clevr.Internal;

/// <summary>
/// A field path such as <c>objects[3].color</c>, formatted only when an error message needs it, so the hot path
/// allocates nothing for it.
/// </summary>
internal readonly record struct FieldName(string Name, int Index = -1, string? Member = null)
{
    public static implicit operator FieldName(string name) => new(name);

    public override string ToString() =>
        Index < 0 ? Name : Member is null ? $"{Name}[{Index}]" : $"{Name}[{Index}].{Member}";
}
