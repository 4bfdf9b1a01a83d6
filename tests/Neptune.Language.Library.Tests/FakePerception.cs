using Neptune.Logic;
using Neptune.Perception;

namespace Neptune.Language.Library.Tests;

/// <summary>A scene of objects with one word each ("red", "cube"); answers "Is the object … WORD?" by keyword.</summary>
internal sealed class FakePerception(params string[] words) : IScenePerception
{
    public int ScoreCalls { get; private set; }

    public IReadOnlyList<DetectedObject> Objects { get; } =
        words.Select((w, i) => new DetectedObject(i, new BoundingBox(i * 10, 0, (i * 10) + 8, 8), w)).ToArray();

    public ValueTask<SoftTensor> ScoreAsync(string question, IReadOnlyList<string> variables, CancellationToken cancellationToken)
    {
        ScoreCalls++;
        int n = words.Length;
        if (variables.Count == 1)
        {
            var v = new float[n];
            for (int i = 0; i < n; i++)
            {
                v[i] = question.Contains(words[i], StringComparison.Ordinal) ? 0.9f : 0.1f;
            }

            return ValueTask.FromResult(SoftTensor.Create(variables, n, v));
        }

        // Binary: "left of" means a lower index.
        var r = new float[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                r[(i * n) + j] = i != j && i < j ? 1f : 0f;
            }
        }

        return ValueTask.FromResult(SoftTensor.Create(variables, n, r));
    }

    public ValueTask<string> QueryAsync(string question, int objectIndex, CancellationToken cancellationToken) =>
        ValueTask.FromResult(words[objectIndex]);
}
