using Neptune.Language.Syntax;

namespace Neptune.Language.Validation;

/// <summary>A validated module with its scopes; the input of the compiler.</summary>
internal sealed class BoundProgram(SourceText text, ModuleSyntax root, Scope module, Dictionary<SyntaxNode, Scope> scopes, List<Diagnostic> diagnostics, ProgramShape shape)
{
    public SourceText Text { get; } = text;

    public ModuleSyntax Root { get; } = root;

    public Scope Module { get; } = module;

    public Dictionary<SyntaxNode, Scope> Scopes { get; } = scopes;

    public List<Diagnostic> Diagnostics { get; } = diagnostics;

    public ProgramShape Shape { get; } = shape;

    public bool HasErrors => Diagnostics.Exists(static d => d.IsError);
}
