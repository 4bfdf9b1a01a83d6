using Neptune.Clevr;
using Neptune.Clevr.Translation;
using Neptune.Language;
using Neptune.Logic;

namespace Neptune.Evaluation.Tests;

/// <summary>
/// Every question of the 10,000-question dev set, through the translation of its official program, the validator,
/// the interpreter and the scene world without noise, must give the official answer under every logic: anything
/// less is a bug in translation, world or engine.
/// </summary>
public class DevSetTranslationTests
{
    private static readonly Lazy<(ClevrQuestion Question, PreparedProgram Program)[]> Prepared = new(() =>
    {
        var engine = new ProgramEngine();
        var cache = new Dictionary<string, PreparedProgram>(StringComparer.Ordinal);
        return ClevrQuestionReader.Read(TestData.SharedQuestions).Select(q =>
        {
            string source = ClevrProgramTranslator.Translate(q.Program);
            if (!cache.TryGetValue(source, out PreparedProgram? program))
            {
                program = engine.Prepare(source);
                cache[source] = program;
            }

            return (q, program);
        }).ToArray();
    });

    private static readonly Lazy<ClevrSceneSet> Scenes = new(() => ClevrSceneReader.LoadAll(TestData.SharedScenes));

    [Theory]
    [InlineData(LogicKind.Godel)]
    [InlineData(LogicKind.Product)]
    [InlineData(LogicKind.Lukasiewicz)]
    [InlineData(LogicKind.Crisp)]
    public void DevSet_TranslatedPrograms_AnswerEveryQuestionExactly(LogicKind kind)
    {
        var logic = LogicOptions.Default with { Kind = kind };
        var wrong = new System.Collections.Concurrent.ConcurrentBag<string>();
        var functions = new System.Collections.Concurrent.ConcurrentDictionary<ClevrFunction, int>();
        (ClevrQuestion Question, PreparedProgram Program)[] items = Prepared.Value;
        Parallel.ForEach(items, item =>
        {
            ClevrQuestion q = item.Question;
            var world = new SceneWorld(Scenes.Value.GetByImageIndex(q.ImageIndex));
            RunResult result = item.Program.Run(new RunOptions { Perception = world, Logic = logic });
            bool ok = result.Succeeded
                && AnswerMapper.TryMap(result.Value, logic.CrispThreshold, out string answer, out _)
                && answer == q.Answer;
            if (ok)
            {
                foreach (ClevrProgramNode n in q.Program)
                {
                    functions.AddOrUpdate(n.Function, 1, (_, c) => c + 1);
                }
            }
            else
            {
                wrong.Add($"{q.QuestionIndex}: {q.Question} expected {q.Answer}, got {result.ValueRepr ?? result.Error?.FirstLine}");
            }
        });

        Assert.Equal(10_000, items.Length);
        Assert.True(wrong.IsEmpty, $"{wrong.Count} wrong under {kind}: {string.Join(" | ", wrong.Take(5))}");
        Assert.Equal(26, functions.Count);
    }
}
