using System.Collections.Immutable;
using Neptune.Language.Execution;
using Neptune.Language.Syntax;
using Neptune.Language.Validation;

namespace Neptune.Language;

/// <summary>
/// Checks and prepares Neptune programs. Thread-safe and stateless apart from its options: one engine per process is
/// enough, and the programs it prepares may run concurrently.
/// </summary>
/// <remarks>
/// The phases are separate and one-directional: parse (NPT1xxx diagnostics), validate (NPT2xxx), prepare (resolve names
/// to slots and compile each node once), run. A program that passes <see cref="Check"/> never fails for a syntax or
/// validation reason at run time.
/// </remarks>
public sealed class ProgramEngine
{
    /// <summary>Creates an engine.</summary>
    /// <param name="options">The options; <see cref="EngineOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public ProgramEngine(EngineOptions? options = null)
    {
        options ??= EngineOptions.Default;
        options.Validate();
        Options = options;
    }

    /// <summary>The engine's options.</summary>
    public EngineOptions Options { get; }

    /// <summary>Parses and validates a program. Never throws for a bad program: problems come back as diagnostics.</summary>
    /// <param name="source">The program text.</param>
    /// <param name="path">The file name shown in diagnostics.</param>
    /// <returns>The diagnostics, sorted by position, and the prepared program when there are no errors.</returns>
    public ProgramCheck Check(string source, string path = "program.py")
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(path);
        var text = new SourceText(source, path);
        SyntaxTree tree = SyntaxTree.Parse(text, Options.Syntax);
        ImmutableArray<Diagnostic> syntax = tree.Diagnostics;
        if (tree.HasErrors)
        {
            return new ProgramCheck(Sort(syntax), null);
        }

        var binder = new Binder(text, Options);
        BoundProgram bound = binder.Bind(tree.Root);
        var all = new List<Diagnostic>(syntax.Length + bound.Diagnostics.Count);
        all.AddRange(syntax);
        all.AddRange(bound.Diagnostics);
        IReadOnlyList<Diagnostic> sorted = Sort(all);
        if (bound.HasErrors)
        {
            return new ProgramCheck(sorted, null);
        }

        CompiledProgram compiled = Compiler.Compile(bound, Options);
        return new ProgramCheck(sorted, new PreparedProgram(text, compiled, Options));
    }

    /// <summary>Parses, validates and prepares a program.</summary>
    /// <param name="source">The program text.</param>
    /// <param name="path">The file name shown in diagnostics.</param>
    /// <returns>The prepared program, ready to run any number of times.</returns>
    /// <exception cref="ProgramValidationException">The program has syntax or validation errors.</exception>
    public PreparedProgram Prepare(string source, string path = "program.py")
    {
        ProgramCheck check = Check(source, path);
        return check.Program ?? throw new ProgramValidationException(check.Diagnostics);
    }

    private static IReadOnlyList<Diagnostic> Sort(IEnumerable<Diagnostic> diagnostics)
    {
        var list = new List<Diagnostic>(diagnostics);
        // List.Sort is not stable; order by position, then by discovery order.
        var indexed = new List<(Diagnostic D, int I)>(list.Count);
        for (int i = 0; i < list.Count; i++)
        {
            indexed.Add((list[i], i));
        }

        indexed.Sort(static (a, b) =>
        {
            int c = a.D.Span.Start.CompareTo(b.D.Span.Start);
            return c != 0 ? c : a.I.CompareTo(b.I);
        });
        var result = new Diagnostic[indexed.Count];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = indexed[i].D;
        }

        return result;
    }
}
