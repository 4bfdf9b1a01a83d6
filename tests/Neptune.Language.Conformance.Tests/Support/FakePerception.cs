using Neptune.Logic;
using Neptune.Perception;

namespace Neptune.Language.Conformance.Tests.Support;

/// <summary>
/// A deterministic scene of <c>n</c> objects. Scores depend only on the question text and the object indices, so
/// runs are reproducible; tuples that repeat an object score 0, as a real scorer's do. Counts every call.
/// </summary>
internal sealed class FakePerception : IScenePerception
{
    private static readonly string[] Colours = ["red", "green", "blue", "yellow", "gray"];
    private long _scoreCalls;
    private long _queryCalls;

    public FakePerception(int objectCount = 3)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(objectCount);
        var objects = new DetectedObject[objectCount];
        for (int i = 0; i < objectCount; i++)
        {
            objects[i] = new DetectedObject(i, new BoundingBox(10 * i, 0, (10 * i) + 8, 8), "object");
        }

        Objects = objects;
    }

    public IReadOnlyList<DetectedObject> Objects { get; }

    public long ScoreCalls => Interlocked.Read(ref _scoreCalls);

    public long QueryCalls => Interlocked.Read(ref _queryCalls);

    public ValueTask<SoftTensor> ScoreAsync(string question, IReadOnlyList<string> variables, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Increment(ref _scoreCalls);
        int n = Objects.Count;
        int rank = variables.Count;
        int cells = 1;
        for (int i = 0; i < rank; i++)
        {
            cells *= n;
        }

        var values = new float[cells];
        Span<int> index = stackalloc int[Math.Max(rank, 1)];
        for (int cell = 0; cell < cells; cell++)
        {
            int rest = cell;
            for (int axis = rank - 1; axis >= 0; axis--)
            {
                index[axis] = rest % Math.Max(n, 1);
                rest /= Math.Max(n, 1);
            }

            values[cell] = Probability(question, index[..rank]);
        }

        return ValueTask.FromResult(SoftTensor.Create(variables, n, values));
    }

    public ValueTask<string> QueryAsync(string question, int objectIndex, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Increment(ref _queryCalls);
        return ValueTask.FromResult(Colours[(uint)objectIndex % (uint)Colours.Length]);
    }

    /// <summary>A stable probability in {0.1, 0.3, 0.5, 0.7, 0.9}; 0 when two arguments name the same object.</summary>
    internal static float Probability(string question, ReadOnlySpan<int> objects)
    {
        for (int i = 0; i < objects.Length; i++)
        {
            for (int j = i + 1; j < objects.Length; j++)
            {
                if (objects[i] == objects[j])
                {
                    return 0f;
                }
            }
        }

        uint hash = 2166136261;
        foreach (char c in question)
        {
            hash = (hash ^ c) * 16777619;
        }

        foreach (int o in objects)
        {
            hash = (hash ^ (uint)o) * 16777619;
        }

        return 0.1f + (0.2f * (hash % 5));
    }
}
