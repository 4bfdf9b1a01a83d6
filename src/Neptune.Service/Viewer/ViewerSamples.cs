using System.Collections.Concurrent;
using Neptune.Clevr;
using Neptune.Clevr2D;
using Neptune.Evaluation.Programs;

namespace Neptune.Service.Viewer;

/// <summary>
/// The embedded world's sample scenes the viewer offers: four CLEVR v1.0 training scenes (CC BY 4.0) and some of their
/// questions, shipped as resources in the CLEVR file formats and read by the real readers. Each scene is rendered to a
/// 480×320 CLEVR-2D picture on first use (the picture <c>/v1/ask</c> then perceives from its pixels); each question
/// comes with its official functional program translated into Neptune's language, so it can be asked with no model
/// server.
/// </summary>
internal sealed class ViewerSamples
{
    private readonly ConcurrentDictionary<int, byte[]> _pictures = new();

    private ViewerSamples(IReadOnlyList<ClevrScene> scenes, IReadOnlyList<Sample> samples)
    {
        Scenes = scenes;
        Samples = samples;
    }

    /// <summary>The samples, one per scene, in image-index order.</summary>
    public IReadOnlyList<Sample> Samples { get; }

    private IReadOnlyList<ClevrScene> Scenes { get; }

    /// <summary>Reads the embedded scenes and questions and translates the questions' programs.</summary>
    public static ViewerSamples Load()
    {
        List<ClevrScene> scenes;
        using (Stream stream = ViewerAssets.Open("samples.scenes.json"))
        {
            scenes = [.. ClevrSceneReader.Read(stream, "samples.scenes.json")];
        }

        List<ClevrQuestion> questions;
        using (Stream stream = ViewerAssets.Open("samples.questions.json"))
        {
            questions = [.. ClevrQuestionReader.Read(stream, "samples.questions.json")];
        }

        var samples = new List<Sample>();
        foreach (ClevrScene scene in scenes.OrderBy(s => s.ImageIndex))
        {
            List<SampleQuestion> asked = [.. questions
                .Where(q => q.ImageIndex == scene.ImageIndex)
                .Select(q => new SampleQuestion(q.Question, q.Answer, $"{q.TemplateFilename}#{q.QuestionFamilyIndex}", GroundTruthProgramSource.Instance.GetProgram(q)))];
            samples.Add(new Sample(scene.ImageIndex, scene.Objects.Count, asked));
        }

        return new ViewerSamples(scenes, samples);
    }

    /// <summary>The PNG picture of a sample's scene, rendered once; false for an unknown image index.</summary>
    public bool TryGetPicture(int imageIndex, out byte[] png)
    {
        ClevrScene? scene = Scenes.FirstOrDefault(s => s.ImageIndex == imageIndex);
        if (scene is null)
        {
            png = [];
            return false;
        }

        png = _pictures.GetOrAdd(imageIndex, _ => ClevrRenderer.RenderPng(scene));
        return true;
    }

    /// <summary>A sample scene.</summary>
    /// <param name="ImageIndex">The scene's CLEVR image index.</param>
    /// <param name="Objects">How many objects the scene's annotations hold.</param>
    /// <param name="Questions">Questions about it with their programs.</param>
    internal sealed record Sample(int ImageIndex, int Objects, IReadOnlyList<SampleQuestion> Questions);

    /// <summary>A sample question.</summary>
    /// <param name="Question">The question text.</param>
    /// <param name="Answer">The dataset's answer.</param>
    /// <param name="Family">The question family, <c>template#index</c>.</param>
    /// <param name="Program">The official program translated into Neptune's language.</param>
    internal sealed record SampleQuestion(string Question, string? Answer, string Family, string Program);
}
