using System.Runtime.CompilerServices;
using System.Text.Json;
using Neptune.Clevr.Internal;

namespace Neptune.Clevr;

/// <summary>
/// Streams the questions of a CLEVR v1.0 question file (<c>{"info": …, "questions": [ … ]}</c> or a bare array).
/// Memory is bounded by one question, whatever the file size.
/// </summary>
/// <remarks>
/// Required per question: <c>question</c> and <c>image_index</c>. Optional: <c>answer</c> and <c>program</c> (absent in
/// the test split), <c>image_filename</c>, <c>split</c>, <c>template_filename</c>, <c>question_family_index</c>,
/// <c>question_index</c>. Program nodes name their function in <c>function</c> (or <c>type</c> in older files) and their
/// literal arguments in <c>value_inputs</c> (or <c>side_inputs</c>). Unknown fields are ignored. Any other deviation is a
/// <see cref="ClevrDataException"/> naming the file, the question and the problem.
/// </remarks>
public static class ClevrQuestionReader
{
    private const string ArrayProperty = "questions";

    /// <summary>Reads the questions of a file, one at a time.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The questions, in file order.</returns>
    /// <exception cref="ClevrDataException">The file is malformed (raised while enumerating).</exception>
    /// <exception cref="FileNotFoundException">The file does not exist (raised when enumeration starts).</exception>
    public static IEnumerable<ClevrQuestion> Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return ClevrArrayReader<ClevrQuestion>.Enumerate(() => ClevrQuestionReader.OpenFile(path, asynchronous: false), path, ownsStream: true, ArrayProperty, "question", Parse);
    }

    /// <summary>Reads questions from a stream, one at a time. The stream is not disposed.</summary>
    /// <param name="stream">The JSON data.</param>
    /// <param name="sourceName">A name for the data, used in error messages.</param>
    /// <returns>The questions, in order.</returns>
    public static IEnumerable<ClevrQuestion> Read(Stream stream, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ClevrArrayReader<ClevrQuestion>.Enumerate(() => stream, sourceName, ownsStream: false, ArrayProperty, "question", Parse);
    }

    /// <summary>Reads the questions of a file asynchronously, one at a time.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    /// <returns>The questions, in file order.</returns>
    public static IAsyncEnumerable<ClevrQuestion> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return ClevrArrayReader<ClevrQuestion>.EnumerateAsync(() => ClevrQuestionReader.OpenFile(path, asynchronous: true), path, ownsStream: true, ArrayProperty, "question", Parse, cancellationToken);
    }

    /// <summary>Reads questions from a stream asynchronously. The stream is not disposed.</summary>
    /// <param name="stream">The JSON data.</param>
    /// <param name="sourceName">A name for the data, used in error messages.</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    /// <returns>The questions, in order.</returns>
    public static IAsyncEnumerable<ClevrQuestion> ReadAsync(Stream stream, string sourceName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ClevrArrayReader<ClevrQuestion>.EnumerateAsync(() => stream, sourceName, ownsStream: false, ArrayProperty, "question", Parse, cancellationToken);
    }

    internal static FileStream OpenFile(string path, bool asynchronous) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, asynchronous);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ClevrQuestion Parse(JsonTokenSource source)
    {
        string? question = null, answer = null, imageFilename = null, split = null, template = null;
        int? imageIndex = null, familyIndex = null, questionIndex = null;
        IReadOnlyList<ClevrProgramNode> program = [];
        while (true)
        {
            source.ReadRequired("a property or the end of the question");
            if (source.TokenType == JsonTokenType.EndObject)
            {
                break;
            }

            if (source.TextEquals("question"))
            {
                question = JsonText.ReadString(source, "question");
            }
            else if (source.TextEquals("answer"))
            {
                answer = ReadAnswer(source);
            }
            else if (source.TextEquals("image_index"))
            {
                imageIndex = JsonText.ReadInt(source, "image_index");
            }
            else if (source.TextEquals("image_filename"))
            {
                imageFilename = JsonText.ReadString(source, "image_filename");
            }
            else if (source.TextEquals("split"))
            {
                split = JsonText.ReadString(source, "split");
            }
            else if (source.TextEquals("template_filename"))
            {
                template = JsonText.ReadString(source, "template_filename");
            }
            else if (source.TextEquals("question_family_index"))
            {
                familyIndex = JsonText.ReadInt(source, "question_family_index");
            }
            else if (source.TextEquals("question_index"))
            {
                questionIndex = JsonText.ReadInt(source, "question_index");
                if (questionIndex is int qi)
                {
                    source.ItemLabel = ("question_index", qi);
                }
            }
            else if (source.TextEquals("program"))
            {
                program = ReadProgram(source);
            }
            else
            {
                source.SkipValue();
            }
        }

        return new ClevrQuestion
        {
            Question = question ?? throw JsonText.Missing(source, "question"),
            Answer = answer,
            ImageIndex = imageIndex ?? throw JsonText.Missing(source, "image_index"),
            ImageFilename = imageFilename,
            Split = split,
            TemplateFilename = template,
            QuestionFamilyIndex = familyIndex,
            QuestionIndex = questionIndex,
            Program = program,
        };
    }

    /// <summary>Answers are strings; some converted files write counts and booleans as JSON values: read those as text.</summary>
    private static string? ReadAnswer(JsonTokenSource source)
    {
        source.ReadRequired("the value of 'answer'");
        return source.TokenType switch
        {
            JsonTokenType.String => source.GetString(),
            JsonTokenType.Null => null,
            JsonTokenType.Number when source.HasInt64 => source.Int64Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            JsonTokenType.True => "yes",
            JsonTokenType.False => "no",
            _ => throw JsonText.WrongType(source, "answer", "a string"),
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static ClevrProgramNode[] ReadProgram(JsonTokenSource source)
    {
        source.ReadRequired("the value of 'program'");
        if (source.TokenType == JsonTokenType.Null)
        {
            return [];
        }

        if (source.TokenType != JsonTokenType.StartArray)
        {
            throw JsonText.WrongType(source, "program", "an array of nodes");
        }

        var nodes = new List<ClevrProgramNode>();
        var scratch = new List<int>(2);
        while (true)
        {
            source.ReadRequired("a program node or the end of 'program'");
            if (source.TokenType == JsonTokenType.EndArray)
            {
                break;
            }

            int k = nodes.Count;
            if (source.TokenType != JsonTokenType.StartObject)
            {
                throw source.Error($"program node {k} must be an object, found {JsonText.Describe(source.TokenType)}.");
            }

            nodes.Add(ReadNode(source, k, scratch));
        }

        return nodes.ToArray();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ClevrProgramNode ReadNode(JsonTokenSource source, int k, List<int> scratch)
    {
        ClevrFunction? function = null;
        int[] inputs = [];
        string[] values = [];
        long nodeOffset = source.TokenOffset;
        while (true)
        {
            source.ReadRequired("a property or the end of", new FieldName("program", k));
            if (source.TokenType == JsonTokenType.EndObject)
            {
                break;
            }

            if (source.TextEquals("function") || source.TextEquals("type"))
            {
                string field = source.TextEquals("function") ? "function" : "type";
                source.ReadRequired("the value of", new FieldName("program", k, field));
                if (source.TokenType != JsonTokenType.String)
                {
                    throw JsonText.WrongType(source, new FieldName("program", k, field), "a string");
                }

                if (!ClevrFunctions.TryParse(source.Utf8Text, out var f))
                {
                    throw source.Error($"program node {k}: unknown function '{System.Text.Encoding.UTF8.GetString(source.Utf8Text)}'.");
                }

                function = f;
            }
            else if (source.TextEquals("inputs"))
            {
                inputs = JsonText.ReadIntArray(source, new FieldName("program", k, "inputs"), scratch);
            }
            else if (source.TextEquals("value_inputs") || source.TextEquals("side_inputs"))
            {
                string field = source.TextEquals("value_inputs") ? "value_inputs" : "side_inputs";
                values = JsonText.ReadTextArray(source, new FieldName("program", k, field));
            }
            else
            {
                source.SkipValue();
            }
        }

        if (function is not ClevrFunction fn)
        {
            throw source.Error($"program node {k}: missing required field 'function'.", nodeOffset);
        }

        foreach (int input in inputs)
        {
            if (input < 0 || input >= k)
            {
                throw source.Error(
                    k == 0
                        ? $"program node 0 ({ClevrFunctions.GetName(fn)}): input {input} refers forward; the first node has no earlier node to refer to."
                        : $"program node {k} ({ClevrFunctions.GetName(fn)}): input {input} refers forward or out of range (must be an earlier node, 0..{k - 1}).",
                    nodeOffset);
            }
        }

        int expected = ClevrFunctions.InputCount(fn);
        if (inputs.Length != expected)
        {
            throw source.Error(
                $"program node {k} ({ClevrFunctions.GetName(fn)}) takes {expected} input(s), found {inputs.Length}.", nodeOffset);
        }

        return new ClevrProgramNode(fn, inputs, values);
    }
}
