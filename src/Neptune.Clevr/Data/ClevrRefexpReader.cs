using System.Text.Json;
using Neptune.Clevr.Internal;

namespace Neptune.Clevr;

/// <summary>One referring expression of a CLEVR-Ref+ file.</summary>
public sealed record ClevrRefexp
{
    /// <summary>The expression, as the generator wrote it (with its "(s)" plural marks).</summary>
    public required string Refexp { get; init; }

    /// <summary>The functional program; every input refers to an earlier node.</summary>
    public required IReadOnlyList<ClevrProgramNode> Program { get; init; }

    /// <summary>The referred objects: ascending indices into the scene's objects; empty when <see cref="NoTarget"/>.</summary>
    public required IReadOnlyList<int> Answer { get; init; }

    /// <summary>Whether nothing in the scene matches the expression.</summary>
    public bool NoTarget { get; init; }

    /// <summary>The scene the expression is about.</summary>
    public required int ImageIndex { get; init; }

    /// <summary>The image file name, when present.</summary>
    public string? ImageFilename { get; init; }

    /// <summary>The template file, when present.</summary>
    public string? TemplateFilename { get; init; }

    /// <summary>The template's index in its file, when present.</summary>
    public int? FamilyIndex { get; init; }

    /// <summary>The item's position in its file, when present.</summary>
    public int? RefexpIndex { get; init; }

    /// <summary>The scene the expression was generated for (differs from <see cref="ImageIndex"/> for no-target items).</summary>
    public int? SourceImageIndex { get; init; }

    /// <summary>The template family: <c>one_hop.json/1</c>.</summary>
    public string Family => $"{TemplateFilename ?? "unknown"}/{FamilyIndex?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}";
}

/// <summary>
/// Streams the referring expressions of a CLEVR-Ref+ file (<c>{"info": …, "refexps": [ … ]}</c> or a bare array);
/// memory is bounded by one item.
/// </summary>
/// <remarks>
/// Required per item: <c>refexp</c>, <c>program</c>, <c>answer</c> (a list of object indices) and <c>image_index</c>.
/// <c>no_target</c> must agree with the answer (true exactly when it is empty). Program nodes' <c>_output</c> (the
/// generator's intermediate results) is never read. Unknown fields are ignored. Any other deviation is a
/// <see cref="ClevrDataException"/> naming the file, the item and the problem.
/// </remarks>
public static class ClevrRefexpReader
{
    private const string ArrayProperty = "refexps";

    /// <summary>Reads the expressions of a file, one at a time.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The expressions, in file order.</returns>
    /// <exception cref="ClevrDataException">The file is malformed (raised while enumerating).</exception>
    public static IEnumerable<ClevrRefexp> Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return ClevrArrayReader<ClevrRefexp>.Enumerate(() => ClevrQuestionReader.OpenFile(path, asynchronous: false), path, ownsStream: true, ArrayProperty, "refexp", Parse);
    }

    /// <summary>Reads expressions from a stream, one at a time. The stream is not disposed.</summary>
    /// <param name="stream">The JSON data.</param>
    /// <param name="sourceName">A name for the data, used in error messages.</param>
    /// <returns>The expressions, in order.</returns>
    public static IEnumerable<ClevrRefexp> Read(Stream stream, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ClevrArrayReader<ClevrRefexp>.Enumerate(() => stream, sourceName, ownsStream: false, ArrayProperty, "refexp", Parse);
    }

    /// <summary>Reads the expressions of a file asynchronously, one at a time.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    /// <returns>The expressions, in file order.</returns>
    public static IAsyncEnumerable<ClevrRefexp> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return ClevrArrayReader<ClevrRefexp>.EnumerateAsync(() => ClevrQuestionReader.OpenFile(path, asynchronous: true), path, ownsStream: true, ArrayProperty, "refexp", Parse, cancellationToken);
    }

    private static ClevrRefexp Parse(JsonTokenSource source)
    {
        string? text = null, imageFilename = null, template = null;
        int? imageIndex = null, family = null, index = null, sourceImage = null;
        bool? noTarget = null;
        int[]? answer = null;
        ClevrProgramNode[]? program = null;
        var scratch = new List<int>(4);
        while (true)
        {
            source.ReadRequired("a property or the end of the refexp");
            if (source.TokenType == JsonTokenType.EndObject)
            {
                break;
            }

            if (source.TextEquals("refexp"))
            {
                text = JsonText.ReadString(source, "refexp");
            }
            else if (source.TextEquals("program"))
            {
                program = ClevrQuestionReader.ReadProgram(source);
            }
            else if (source.TextEquals("answer"))
            {
                answer = JsonText.ReadIntArray(source, "answer", scratch);
            }
            else if (source.TextEquals("no_target"))
            {
                source.ReadRequired("the value of 'no_target'");
                noTarget = source.TokenType switch
                {
                    JsonTokenType.True => true,
                    JsonTokenType.False => false,
                    _ => throw JsonText.WrongType(source, "no_target", "true or false"),
                };
            }
            else if (source.TextEquals("image_index"))
            {
                imageIndex = JsonText.ReadInt(source, "image_index");
            }
            else if (source.TextEquals("image_filename"))
            {
                imageFilename = JsonText.ReadString(source, "image_filename");
            }
            else if (source.TextEquals("template_filename"))
            {
                template = JsonText.ReadString(source, "template_filename");
            }
            else if (source.TextEquals("refexp_family_index"))
            {
                family = JsonText.ReadInt(source, "refexp_family_index");
            }
            else if (source.TextEquals("refexp_index"))
            {
                index = JsonText.ReadInt(source, "refexp_index");
                if (index is int i)
                {
                    source.ItemLabel = ("refexp_index", i);
                }
            }
            else if (source.TextEquals("source_image_index"))
            {
                sourceImage = JsonText.ReadInt(source, "source_image_index");
            }
            else
            {
                source.SkipValue();
            }
        }

        int[] referents = answer ?? throw JsonText.Missing(source, "answer");
        for (int k = 0; k < referents.Length; k++)
        {
            if (referents[k] < 0 || (k > 0 && referents[k] <= referents[k - 1]))
            {
                throw source.Error("'answer' must be an ascending list of distinct object indices.");
            }
        }

        if (noTarget is bool nt && nt != (referents.Length == 0))
        {
            throw source.Error(nt ? "'no_target' is true but 'answer' is not empty." : "'answer' is empty but 'no_target' is false.");
        }

        ClevrProgramNode[] nodes = program ?? throw JsonText.Missing(source, "program");
        if (nodes.Length == 0)
        {
            throw source.Error("'program' has no nodes.");
        }

        return new ClevrRefexp
        {
            Refexp = text ?? throw JsonText.Missing(source, "refexp"),
            Program = nodes,
            Answer = referents,
            NoTarget = referents.Length == 0,
            ImageIndex = imageIndex ?? throw JsonText.Missing(source, "image_index"),
            ImageFilename = imageFilename,
            TemplateFilename = template,
            FamilyIndex = family,
            RefexpIndex = index,
            SourceImageIndex = sourceImage,
        };
    }
}
