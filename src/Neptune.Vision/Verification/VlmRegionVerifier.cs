using Neptune.Perception;
using Neptune.Vision.Scoring;

namespace Neptune.Vision.Verification;

/// <summary>
/// The verifier for setups without an embeddings server: a vision-language model is asked, for each region, "Is the
/// object in the red box a {label}?" (or "… {label}?" for a property, <see cref="PerceptionVerifier.QuestionFor"/>) with
/// the region marked on the picture, and S is its P(yes) by the model's Yes/No rule. Answers go through the model's
/// score cache, so a region asked about once is never asked again. Works on any perception that holds its picture
/// (<see cref="ISceneImageSource"/>), whatever the perception behind <c>score()</c>. Thread-safe.
/// </summary>
public sealed class VlmRegionVerifier : IRegionVerifier
{
    private readonly VisionLanguageModel _model;

    /// <summary>Creates the verifier.</summary>
    /// <param name="model">The vision-language model (its client, prompt options, score cache and counters).</param>
    public VlmRegionVerifier(VisionLanguageModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
    }

    /// <inheritdoc />
    public async ValueTask<float[]> VerifyAsync(IScenePerception scene, string label, VerificationKind kind, IReadOnlyList<int> objects, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(objects);
        if (objects.Count == 0)
        {
            return [];
        }

        if (PerceptionDecorators.Find<ISceneImageSource>(scene) is not { } source)
        {
            throw new PerceptionException(PerceptionErrorKind.InvalidArgument, "the vision-model verifier needs a perception that holds its picture (a photo or vision-model perception)");
        }

        string question = PerceptionVerifier.QuestionFor(label, kind);
        var image = new SceneImage(source.Image, source.ImageHash);
        var tasks = new Task<float>[objects.Count];
        for (int i = 0; i < objects.Count; i++)
        {
            int o = objects[i];
            if ((uint)o >= (uint)scene.Objects.Count)
            {
                throw new PerceptionException(PerceptionErrorKind.InvalidArgument, $"region {o} is out of range for verification (the scene has {scene.Objects.Count} objects)");
            }

            tasks[i] = _model.ScoreTupleAsync(image, [scene.Objects[o].Box], question, tally: null, cancellationToken);
        }

        float[] scores = await Task.WhenAll(tasks).ConfigureAwait(false);
        for (int i = 0; i < scores.Length; i++)
        {
            scores[i] = Math.Clamp(scores[i], 0f, 1f);
        }

        return scores;
    }
}
