using Neptune.Language.Library;
using Neptune.Language.Runtime;
using Neptune.Language.Syntax;

namespace Neptune.Language;

/// <summary>
/// Settings of a <see cref="ProgramEngine"/>: the primitive catalogue programs are checked and bound against, the
/// default resource limits, the syntax bounds and the importable modules. Immutable; validated when an engine is built.
/// </summary>
public sealed record EngineOptions
{
    /// <summary>The default options: the standard catalogue, default limits, default syntax bounds, <c>math</c> importable.</summary>
    public static EngineOptions Default { get; } = new();

    /// <summary>The library primitives programs may call.</summary>
    public PrimitiveCatalogue Catalogue { get; init; } = PrimitiveCatalogue.Default;

    /// <summary>The resource limits of a run, unless <see cref="RunOptions.Limits"/> overrides them.</summary>
    public ExecutionLimits Limits { get; init; } = ExecutionLimits.Default;

    /// <summary>Bounds on source length, tokens and nesting.</summary>
    public SyntaxOptions Syntax { get; init; } = SyntaxOptions.Default;

    /// <summary>The modules programs may import. Only <c>math</c> exists; the list can only restrict it.</summary>
    public IReadOnlyList<string> AllowedModules { get; init; } = ["math"];

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentException">A setting is missing or names an unknown module.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A limit is not positive.</exception>
    internal void Validate()
    {
        if (Catalogue is null)
        {
            throw new ArgumentException("EngineOptions.Catalogue must not be null.", nameof(Catalogue));
        }

        if (Limits is null)
        {
            throw new ArgumentException("EngineOptions.Limits must not be null.", nameof(Limits));
        }

        if (Syntax is null)
        {
            throw new ArgumentException("EngineOptions.Syntax must not be null.", nameof(Syntax));
        }

        if (AllowedModules is null)
        {
            throw new ArgumentException("EngineOptions.AllowedModules must not be null.", nameof(AllowedModules));
        }

        Limits.Validate();
        foreach (string module in AllowedModules)
        {
            if (!Modules.IsKnown(module))
            {
                throw new ArgumentException($"EngineOptions.AllowedModules names '{module}', which is not a Neptune module; known modules: {string.Join(", ", Modules.Known)}.", nameof(AllowedModules));
            }
        }
    }
}
