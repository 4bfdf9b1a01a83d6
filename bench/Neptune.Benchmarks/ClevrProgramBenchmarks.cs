using BenchmarkDotNet.Attributes;
using Neptune.Clevr;
using Neptune.Clevr.Translation;
using Neptune.Language;
using Neptune.Language.Syntax;

namespace Neptune.Benchmarks;

/// <summary>
/// The per-question front end of a CLEVR evaluation with ground-truth programs: translating the official functional
/// program, parsing the text, and checking it (parse, validate, prepare). Each operation runs over the same eight
/// programs of the dev set's shapes (count comparison, attribute comparison, relate chains, same_*, union, exist), so
/// the figures are per program, averaged over the eight.
/// </summary>
[MemoryDiagnoser]
public class ClevrProgramBenchmarks
{
    /// <summary>Official programs written compactly: <c>function[value](input,...)</c> nodes separated by <c>;</c>.</summary>
    private static readonly string[] Programs =
    [
        "scene;filter_size[small](0);filter_color[red](1);filter_shape[cylinder](2);count(3);scene;filter_color[gray](5);count(6);equal_integer(4,7)",
        "scene;filter_size[large](0);filter_color[blue](1);filter_shape[cube](2);count(3);scene;filter_color[blue](5);filter_material[metal](6);filter_shape[cube](7);count(8);less_than(4,9)",
        "scene;filter_size[large](0);filter_shape[sphere](1);unique(2);relate[behind](3);filter_size[large](4);filter_color[brown](5);filter_material[metal](6);count(7)",
        "scene;filter_size[large](0);filter_color[blue](1);filter_shape[cube](2);unique(3);relate[left](4);filter_size[small](5);filter_color[cyan](6);filter_material[rubber](7);exist(8)",
        "scene;filter_color[green](0);filter_shape[cylinder](1);unique(2);query_material(3)",
        "scene;filter_color[yellow](0);filter_material[metal](1);unique(2);same_shape(3);filter_size[small](4);count(5)",
        "scene;filter_color[purple](0);filter_shape[sphere](1);scene;filter_material[rubber](3);filter_shape[cube](4);union(2,5);count(6)",
        "scene;filter_size[small](0);filter_shape[cube](1);unique(2);query_color(3);scene;filter_material[metal](5);filter_shape[cylinder](6);unique(7);query_color(8);equal_color(4,9)",
    ];

    private IReadOnlyList<ClevrProgramNode>[] _programs = null!;
    private string[] _texts = null!;
    private ProgramEngine _engine = null!;

    [GlobalSetup]
    public void Setup()
    {
        _programs = [.. Programs.Select(Parse)];
        _texts = [.. _programs.Select(ClevrProgramTranslator.Translate)];
        _engine = new ProgramEngine();
        foreach (string text in _texts)
        {
            if (_engine.Check(text).Program is null)
            {
                throw new InvalidOperationException($"benchmark program is invalid:\n{text}");
            }
        }
    }

    [Benchmark(Description = "translate an official CLEVR program")]
    public int Translate()
    {
        int length = 0;
        foreach (IReadOnlyList<ClevrProgramNode> program in _programs)
        {
            length += ClevrProgramTranslator.Translate(program).Length;
        }

        return length;
    }

    [Benchmark(Description = "parse a translated CLEVR program")]
    public int ParseText()
    {
        int statements = 0;
        foreach (string text in _texts)
        {
            statements += SyntaxTree.Parse(text).Root.Statements.Length;
        }

        return statements;
    }

    [Benchmark(Description = "parse+validate+prepare a translated CLEVR program")]
    public int Check()
    {
        int prepared = 0;
        foreach (string text in _texts)
        {
            prepared += _engine.Check(text).Program is null ? 0 : 1;
        }

        return prepared;
    }

    private static IReadOnlyList<ClevrProgramNode> Parse(string compact) =>
    [
        .. compact.Split(';').Select(node =>
        {
            int open = node.IndexOf('(', StringComparison.Ordinal);
            string head = open < 0 ? node : node[..open];
            int[] inputs = open < 0 || node[(open + 1)..^1].Length == 0 ? [] : [.. node[(open + 1)..^1].Split(',').Select(int.Parse)];
            int bracket = head.IndexOf('[', StringComparison.Ordinal);
            string name = bracket < 0 ? head : head[..bracket];
            string[] values = bracket < 0 ? [] : [head[(bracket + 1)..^1]];
            if (!ClevrFunctions.TryParse(name, out ClevrFunction function))
            {
                throw new InvalidOperationException($"unknown CLEVR function '{name}'");
            }

            return new ClevrProgramNode(function, inputs, values);
        }),
    ];
}
