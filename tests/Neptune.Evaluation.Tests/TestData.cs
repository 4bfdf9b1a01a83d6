using System.Text.Json;
using Neptune.Clevr;
using Neptune.Evaluation;
using Neptune.Evaluation.Programs;

namespace Neptune.Evaluation.Tests;

/// <summary>Small CLEVR files cut from the shared dev data, and a scratch directory per test.</summary>
internal static class TestData
{
    private static readonly Lazy<string> DataDirectory = new(() => ClevrDataFiles.LocateDataDirectory(AppContext.BaseDirectory));
    private static readonly Lazy<(string Questions, string Scenes)> Small = new(() => CreateSmall(60));

    public static string SharedQuestions => Path.Combine(DataDirectory.Value, ClevrDataFiles.TrainQuestions10000);

    public static string SharedScenes => Path.Combine(DataDirectory.Value, ClevrDataFiles.TrainScenes1000);

    /// <summary>The first 60 dev questions (images 0..5) and the scenes they need.</summary>
    public static string QuestionsPath => Small.Value.Questions;

    /// <summary>The first scenes of the train split.</summary>
    public static string ScenesPath => Small.Value.Scenes;

    public static string NewDirectory()
    {
        string dir = Path.Combine(Path.GetTempPath(), "neptune-eval-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static EvaluationSettings Settings(string outDir, string? questions = null) => new()
    {
        QuestionsPath = questions ?? QuestionsPath,
        ScenesPath = ScenesPath,
        OutputDirectory = outDir,
        Concurrency = 2,
    };

    public static List<ClevrQuestion> Questions() => ClevrQuestionReader.Read(QuestionsPath).ToList();

    /// <summary>Writes questions in the CLEVR release format.</summary>
    public static void WriteQuestions(string path, IEnumerable<ClevrQuestion> questions)
    {
        using var stream = File.Create(path);
        using var w = new Utf8JsonWriter(stream);
        w.WriteStartObject();
        w.WriteStartObject("info");
        w.WriteString("split", "train");
        w.WriteEndObject();
        w.WriteStartArray("questions");
        foreach (ClevrQuestion q in questions)
        {
            w.WriteStartObject();
            w.WriteString("question", q.Question);
            if (q.Answer is not null)
            {
                w.WriteString("answer", q.Answer);
            }

            w.WriteNumber("image_index", q.ImageIndex);
            if (q.QuestionIndex is int qi)
            {
                w.WriteNumber("question_index", qi);
            }

            if (q.TemplateFilename is not null)
            {
                w.WriteString("template_filename", q.TemplateFilename);
            }

            if (q.QuestionFamilyIndex is int fi)
            {
                w.WriteNumber("question_family_index", fi);
            }

            w.WriteStartArray("program");
            foreach (ClevrProgramNode node in q.Program)
            {
                w.WriteStartObject();
                w.WriteString("function", node.FunctionName);
                w.WriteStartArray("inputs");
                foreach (int i in node.Inputs)
                {
                    w.WriteNumberValue(i);
                }

                w.WriteEndArray();
                w.WriteStartArray("value_inputs");
                foreach (string v in node.ValueInputs)
                {
                    w.WriteStringValue(v);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static (string, string) CreateSmall(int count)
    {
        string dir = Path.Combine(Path.GetTempPath(), "neptune-eval-tests", "data-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        List<ClevrQuestion> questions = ClevrQuestionReader.Read(SharedQuestions).Take(count).ToList();
        string questionsPath = Path.Combine(dir, "questions.json");
        WriteQuestions(questionsPath, questions);
        int maxImage = questions.Max(q => q.ImageIndex);

        string scenesPath = Path.Combine(dir, "scenes.json");
        using (JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(SharedScenes)))
        using (var stream = File.Create(scenesPath))
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteStartArray("scenes");
            foreach (JsonElement scene in doc.RootElement.GetProperty("scenes").EnumerateArray())
            {
                if (scene.GetProperty("image_index").GetInt32() <= maxImage)
                {
                    scene.WriteTo(w);
                }
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return (questionsPath, scenesPath);
    }
}

/// <summary>A program source that maps question text to fixed programs, falling back to the translation.</summary>
internal sealed class MapProgramSource(Dictionary<string, string> programs) : IProgramSource
{
    public string Name => "map";

    public ValueTask<string> GetProgramAsync(ClevrQuestion question, CancellationToken cancellationToken) =>
        new(programs.TryGetValue(question.Question, out string? p) ? p
        : question.Question == "NO PROGRAM" ? throw new ProgramSourceException(FailureKinds.NoProgram, "none")
        : GroundTruthProgramSource.Instance.GetProgram(question));
}
