using Neptune.Logic;
using Neptune.Perception;

namespace Neptune.Language.Tests;

/// <summary>A scene whose objects carry attribute words; a question is answered by the first attribute word it names.</summary>
internal sealed class FakeScene : IScenePerception
{
    private readonly string[][] _attributes;
    private int _scoreCalls;

    public FakeScene(params string[] objects)
    {
        _attributes = [.. objects.Select(o => o.Split(' ', StringSplitOptions.RemoveEmptyEntries))];
        Objects = [.. objects.Select((_, i) => new DetectedObject(i, new BoundingBox(i, 0, i + 1, 1)))];
    }

    public IReadOnlyList<DetectedObject> Objects { get; }

    public int ScoreCalls => _scoreCalls;

    public ValueTask<SoftTensor> ScoreAsync(string question, IReadOnlyList<string> variables, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _scoreCalls);
        string word = Word(question);
        int n = _attributes.Length;
        if (variables.Count == 1)
        {
            var values = new float[n];
            for (int i = 0; i < n; i++)
            {
                values[i] = _attributes[i].Contains(word) ? 0.9f : 0.1f;
            }

            return ValueTask.FromResult(SoftTensor.Create(variables, n, values));
        }

        // Two objects: "left of" is true when the first index is smaller.
        var pairs = new float[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                pairs[(i * n) + j] = i == j ? 0f : i < j ? 0.9f : 0.1f;
            }
        }

        return ValueTask.FromResult(SoftTensor.Create(variables, n, pairs));
    }

    public ValueTask<string> QueryAsync(string question, int objectIndex, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_attributes[objectIndex][0]);

    private static string Word(string question)
    {
        foreach (string w in new[] { "red", "blue", "green", "cube", "sphere", "large", "small", "left" })
        {
            if (question.Contains(w, StringComparison.Ordinal))
            {
                return w;
            }
        }

        throw new PerceptionException(PerceptionErrorKind.UninterpretableQuestion, $"cannot interpret '{question}'");
    }
}
