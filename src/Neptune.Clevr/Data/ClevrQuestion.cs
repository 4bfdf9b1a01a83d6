namespace Neptune.Clevr;

/// <summary>One node of a CLEVR functional program.</summary>
/// <param name="Function">The function.</param>
/// <param name="Inputs">Indices of earlier nodes whose outputs feed this node.</param>
/// <param name="ValueInputs">Literal arguments ("red", "left", …); older files call them <c>side_inputs</c>.</param>
public sealed record ClevrProgramNode(ClevrFunction Function, IReadOnlyList<int> Inputs, IReadOnlyList<string> ValueInputs)
{
    /// <summary>The official function name ("filter_color").</summary>
    public string FunctionName => ClevrFunctions.GetName(Function);

    /// <inheritdoc />
    public override string ToString() =>
        ValueInputs.Count == 0
            ? $"{FunctionName}({string.Join(", ", Inputs)})"
            : $"{FunctionName}[{string.Join(", ", ValueInputs)}]({string.Join(", ", Inputs)})";
}

/// <summary>One question of a CLEVR v1.0 question file.</summary>
public sealed record ClevrQuestion
{
    /// <summary>The question text.</summary>
    public required string Question { get; init; }

    /// <summary>The answer ("yes", "no", a count such as "3", or an attribute value); null in files without answers.</summary>
    public string? Answer { get; init; }

    /// <summary>The index of the scene the question is about.</summary>
    public required int ImageIndex { get; init; }

    /// <summary>The image file name ("CLEVR_train_000000.png"), when present.</summary>
    public string? ImageFilename { get; init; }

    /// <summary>The split ("train", "val", "test"), when present.</summary>
    public string? Split { get; init; }

    /// <summary>The template file the question was generated from, when present.</summary>
    public string? TemplateFilename { get; init; }

    /// <summary>The question family's index within its template file, when present.</summary>
    public int? QuestionFamilyIndex { get; init; }

    /// <summary>The question's index in its file, when present.</summary>
    public int? QuestionIndex { get; init; }

    /// <summary>The functional program, in order; every input refers to an earlier node. Empty in files without programs.</summary>
    public IReadOnlyList<ClevrProgramNode> Program { get; init; } = [];
}
