using BenchmarkDotNet.Attributes;
using Neptune.Logic;

namespace Neptune.Benchmarks;

[MemoryDiagnoser]
public class LogicBenchmarks
{
    private SoftLogic _logic = null!;
    private SoftTensor _xy = null!;
    private SoftTensor _xy2 = null!;
    private SoftTensor _yx = null!;
    private SoftTensor _y = null!;
    private SoftTensor _yz = null!;
    private SoftTensor _x = null!;

    [Params(10, 256)]
    public int N { get; set; }

    [Params(LogicKind.Godel, LogicKind.Product)]
    public LogicKind Kind { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(2024);
        _logic = new SoftLogic(new LogicOptions { Kind = Kind });
        _xy = Random(rng, ["x", "y"]);
        _xy2 = Random(rng, ["x", "y"]);
        _yx = Random(rng, ["y", "x"]);
        _yz = Random(rng, ["y", "z"]);
        _y = Random(rng, ["y"]);
        _x = Random(rng, ["x"]);
    }

    [Benchmark(Description = "and (x,y)∧(x,y)")]
    public SoftTensor AndSameOrder() => _logic.And(_xy, _xy2);

    [Benchmark(Description = "and (x,y)∧(y,x)")]
    public SoftTensor AndTransposed() => _logic.And(_xy, _yx);

    [Benchmark(Description = "and (x,y)∧(y)")]
    public SoftTensor AndBroadcast() => _logic.And(_xy, _y);

    [Benchmark(Description = "exists y (x,y)")]
    public SoftTensor Exists() => _logic.Exists(_xy, "y");

    [Benchmark(Description = "iota x")]
    public IotaResult Iota() => _logic.Iota(_x, "x");

    [Benchmark(Description = "count x")]
    public SoftCount Count() => _logic.Count(_x, "x");

    [Benchmark(Description = "compose (x,y)∘(y,z)")]
    public SoftTensor Compose() => _logic.Compose(_xy, _yz, "y");

    private SoftTensor Random(Random rng, string[] variables)
    {
        var values = new float[(int)Math.Pow(N, variables.Length)];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)rng.NextDouble();
        }

        return SoftTensor.Create(variables, N, values);
    }
}
