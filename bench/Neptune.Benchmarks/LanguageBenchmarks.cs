using BenchmarkDotNet.Attributes;
using Neptune.Language;
using Neptune.Logic;
using Neptune.Perception;

namespace Neptune.Benchmarks;

/// <summary>
/// The program language's two hot paths: turning source into a prepared program (every distinct question pays it),
/// and running a prepared program over scores already in memory (every image pays it).
/// </summary>
[MemoryDiagnoser]
public class LanguageBenchmarks
{
    /// <summary>A 15-line program of the kind LLMs write.</summary>
    public const string FifteenLines = """
        red = score("Is the object in the red box red?")
        cube = score("Is the object in the red box a cube?")
        sphere = score("Is the object in the red box a sphere?")
        rubber = score("Is the object in the red box rubber?")
        left_of = score("Is the object in the red box left of the object in the green box?", 2)
        the_sphere = (red & sphere).iota()
        left_of_sphere = left_of.given("y", the_sphere)
        targets = rubber & cube & left_of_sphere
        n = targets.count()
        names = [query("What color is the object in the red box?", i) for i in range(n)]
        if n == 0:
            return "none"
        elif n > 3:
            return "many"
        return f"{n} rubber cubes: {', '.join(names)}"
        """;

    /// <summary>A CLEVR-size program: about 12 soft operations over 10 objects.</summary>
    public const string ClevrSize = """
        large = score("Is the object in the red box large?")
        green = score("Is the object in the red box green?")
        in_front_of = score("Is the object in the red box in front of the object in the green box?", 2)
        behind = score("Is the object in the red box behind the object in the green box?", 2)
        rubber = score("Is the object in the red box rubber?")
        metal = score("Is the object in the red box metal?")
        large_green = large & green
        the_large_green = large_green.iota()
        in_front = in_front_of.given("y", the_large_green)
        behind_it = behind.given("y", the_large_green)
        both = in_front & behind_it | metal
        return (both & rubber).count() > (metal & ~rubber).count()
        """;

    private ProgramEngine _engine = null!;
    private PreparedProgram _clevr = null!;
    private RunOptions _run = null!;

    [GlobalSetup]
    public void Setup()
    {
        _engine = new ProgramEngine();
        _clevr = _engine.Prepare(ClevrSize);
        _run = new RunOptions { Perception = new InMemoryPerception(10, seed: 7), Logic = LogicOptions.Default };
        RunResult check = _clevr.Run(_run);
        if (!check.Succeeded)
        {
            throw new InvalidOperationException($"benchmark program failed: {check.Error?.FirstLine}");
        }
    }

    [Benchmark(Description = "parse+validate+prepare 15 lines")]
    public PreparedProgram Prepare() => _engine.Prepare(FifteenLines);

    [Benchmark(Description = "run prepared CLEVR-size program (10 objects)")]
    public RunResult Run() => _clevr.Run(_run);

    /// <summary>Perception with every tensor computed up front, so the benchmark measures the language alone.</summary>
    private sealed class InMemoryPerception : IScenePerception
    {
        private readonly Dictionary<(string, int), SoftTensor> _tensors = [];
        private readonly int _n;
        private readonly int _seed;

        public InMemoryPerception(int n, int seed)
        {
            _n = n;
            _seed = seed;
            var objects = new DetectedObject[n];
            for (int i = 0; i < n; i++)
            {
                objects[i] = new DetectedObject(i, new BoundingBox(i * 40, 100, (i * 40) + 30, 130));
            }

            Objects = objects;
        }

        public IReadOnlyList<DetectedObject> Objects { get; }

        public ValueTask<SoftTensor> ScoreAsync(string question, IReadOnlyList<string> variables, CancellationToken cancellationToken)
        {
            lock (_tensors)
            {
                if (!_tensors.TryGetValue((question, variables.Count), out SoftTensor? t))
                {
                    var rng = new Random(HashCode.Combine(_seed, question.Length, variables.Count));
                    var values = new float[(int)Math.Pow(_n, variables.Count)];
                    for (int i = 0; i < values.Length; i++)
                    {
                        values[i] = rng.NextSingle();
                    }

                    if (variables.Count == 2)
                    {
                        for (int i = 0; i < _n; i++)
                        {
                            values[(i * _n) + i] = 0f;
                        }
                    }

                    t = SoftTensor.Create(variables, _n, values);
                    _tensors[(question, variables.Count)] = t;
                }

                return ValueTask.FromResult(t);
            }
        }

        public ValueTask<string> QueryAsync(string question, int objectIndex, CancellationToken cancellationToken) =>
            ValueTask.FromResult("red");
    }
}
