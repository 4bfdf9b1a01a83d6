namespace Neptune.Neural;

/// <summary>How a pass runs: whether it trains (dropout active), how many threads it may use and its randomness.</summary>
public sealed class NeuralContext
{
    /// <summary>Creates a context.</summary>
    /// <param name="seed">Seeds the randomness of dropout masks.</param>
    /// <param name="threads">Threads a pass may use; 0 means one per core.</param>
    public NeuralContext(int seed, int threads = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        Random = new Random(seed);
        Threads = threads == 0 ? Environment.ProcessorCount : threads;
        Parallel = new ParallelOptions { MaxDegreeOfParallelism = Threads };
    }

    /// <summary>Whether the pass trains: dropout drops only then.</summary>
    public bool Training { get; set; }

    /// <summary>The threads a pass may use.</summary>
    public int Threads { get; }

    /// <summary>The seeded randomness of the passes (dropout masks), drawn on the calling thread only.</summary>
    public Random Random { get; }

    internal ParallelOptions Parallel { get; }

    /// <summary>Runs <paramref name="body"/> for 0..count-1, on several threads when the work is worth it.</summary>
    internal void For(int count, long workPerItem, Action<int> body)
    {
        if (Threads == 1 || count < 2 || workPerItem * count < 32_768)
        {
            for (int i = 0; i < count; i++)
            {
                body(i);
            }

            return;
        }

        System.Threading.Tasks.Parallel.For(0, count, Parallel, body);
    }
}
