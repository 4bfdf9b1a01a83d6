using System.Text.Json;
using System.Text.Json.Nodes;
using Neptune.Evaluation;
using Neptune.Service.Viewer;

namespace Neptune.Service.Browser.Tests;

/// <summary>
/// A real evaluation run made by <see cref="EvaluationRunner"/> in a temporary runs folder: the viewer's sample scenes
/// and questions (scene perception, translated official programs), with one expected answer changed so that row is
/// wrong, and one question without a program so that row fails (<c>no_program</c>).
/// </summary>
public sealed class EvaluationRunFixture : IAsyncLifetime
{
    /// <summary>The run's folder name.</summary>
    public const string RunName = "samples-scene";

    /// <summary>The question whose expected answer was changed.</summary>
    public const string WrongQuestion = "Are there the same number of tiny red cylinders and gray objects?";

    /// <summary>The question that has no program.</summary>
    public const string FailedQuestion = "How many things are there?";

    /// <summary>The runs folder.</summary>
    public string Runs { get; } = Path.Combine(Path.GetTempPath(), "neptune-viewer-" + Guid.NewGuid().ToString("N"));

    /// <summary>The rows of results.jsonl as written.</summary>
    public IReadOnlyList<JsonElement> Rows { get; private set; } = [];

    public async Task InitializeAsync()
    {
        string data = Path.Combine(Runs, "..", Path.GetFileName(Runs) + "-data");
        Directory.CreateDirectory(data);
        string scenes = Path.Combine(data, "scenes.json");
        await using (Stream source = ViewerAssets.Open("samples.scenes.json"))
        await using (FileStream target = File.Create(scenes))
        {
            await source.CopyToAsync(target);
        }

        JsonNode questions;
        await using (Stream source = ViewerAssets.Open("samples.questions.json"))
        {
            questions = (await JsonNode.ParseAsync(source))!;
        }

        JsonArray list = questions["questions"]!.AsArray();
        JsonNode wrong = list.Single(q => (string?)q!["question"] == WrongQuestion)!;
        wrong["answer"] = "yes";
        list.Add(new JsonObject
        {
            ["split"] = "train",
            ["image_index"] = 0,
            ["image_filename"] = "CLEVR_train_000000.png",
            ["question"] = FailedQuestion,
            ["answer"] = "6",
            ["question_index"] = 99_000,
            ["template_filename"] = "zero_hop.json",
            ["question_family_index"] = 0,
            ["program"] = new JsonArray(),
        });
        string questionsPath = Path.Combine(data, "questions.json");
        await File.WriteAllTextAsync(questionsPath, questions.ToJsonString());

        var settings = new EvaluationSettings
        {
            QuestionsPath = questionsPath,
            ScenesPath = scenes,
            OutputDirectory = Path.Combine(Runs, RunName),
            Concurrency = 1,
        };
        await new EvaluationRunner(settings).RunAsync();
        Rows = [.. File.ReadAllLines(Path.Combine(Runs, RunName, EvaluationFiles.Results))
            .Where(l => l.Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone())];
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Runs, recursive: true);
        Directory.Delete(Path.Combine(Runs, "..", Path.GetFileName(Runs) + "-data"), recursive: true);
        return Task.CompletedTask;
    }
}
