using System.Globalization;
using Neptune.Language;
using Neptune.Learning.BlackBoxes;
using Neptune.Learning.Estimators;
using Neptune.Neural;
using Neptune.Neural.Layers;
using Neptune.Neural.Optimizers;

namespace Neptune.Learning.Tests;

public sealed class TrainerTests
{
    private const int Classes = 4;
    private const int Size = 12;

    /// <summary>
    /// Synthetic "digits": each class has a random prototype in 12-D, samples are the prototype plus noise. A network
    /// learns the classes from sums of pairs only, through a Neptune program that adds the two queried symbols.
    /// </summary>
    private static (InputPool Pool, List<ProgramExample> Train, List<ProgramExample> Test) Data(int seed)
    {
        var random = new Random(seed);
        var prototypes = new float[Classes][];
        for (int c = 0; c < Classes; c++)
        {
            prototypes[c] = [.. Enumerable.Range(0, Size).Select(_ => (float)(random.NextDouble() * 2 - 1))];
        }

        const int count = 400;
        var values = new float[count * Size];
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = i % Classes;
            for (int d = 0; d < Size; d++)
            {
                values[(i * Size) + d] = prototypes[labels[i]][d] + (float)((random.NextDouble() - 0.5) * 0.6);
            }
        }

        List<ProgramExample> Make(int n, int from, int to)
        {
            var list = new List<ProgramExample>();
            for (int e = 0; e < n; e++)
            {
                int a = random.Next(from, to);
                int b = random.Next(from, to);
                list.Add(new ProgramExample([a, b], (labels[a] + labels[b]).ToString(CultureInfo.InvariantCulture), [labels[a], labels[b]]));
            }

            return list;
        }

        return (new InputPool(values, Size), Make(300, 0, 300), Make(200, 300, 400));
    }

    private static NeuralClassifier Model(int seed)
    {
        var network = new Sequential(new Linear("fc1", Size, 16), new Relu(16), new Linear("fc2", 16, Classes));
        network.Initialize(new Random(seed));
        return new NeuralClassifier(network, p => new Adam(p, 0.02f), new NeuralContext(seed, 1));
    }

    private static IBlackBox SumProgram()
    {
        PreparedProgram program = new ProgramEngine().Prepare("""
            total = 0
            for o in objects():
                total = total + int(query("What is it?", o))
            return total
            """);
        return new MemoizedBlackBox(new ProgramBlackBox(program, ["0", "1", "2", "3"]));
    }

    private static AccuracyReport Train(IGradientEstimator estimator, int epochs, int seed = 1)
    {
        (InputPool pool, List<ProgramExample> train, List<ProgramExample> test) = Data(seed);
        var trainer = new NeuralProgramTrainer(Model(seed), estimator, SumProgram(), batchSize: 16, seed: seed);
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            trainer.TrainEpoch(train, pool, epoch);
        }

        return trainer.Evaluate(test, pool);
    }

    [Fact]
    public void Ised_SumOfPairsThroughANeptuneProgram_LearnsTheSymbols()
    {
        AccuracyReport before = new NeuralProgramTrainer(Model(1), new Ised(20), SumProgram(), 16, 1).Evaluate(Data(1).Test, Data(1).Pool);
        AccuracyReport after = Train(new Ised(20), epochs: 8);

        Assert.True(before.Accuracy < 0.5, $"before training: {before.Accuracy}");
        Assert.True(after.Accuracy >= 0.9, $"sum accuracy after training: {after.Accuracy}");
        Assert.True(after.SymbolAccuracy >= 0.9, $"symbol accuracy after training: {after.SymbolAccuracy}");
    }

    [Fact]
    public void ReinforceAndIndeCateR_SumOfPairs_LearnAboveChance()
    {
        AccuracyReport reinforce = Train(new Reinforce(20, baseline: true), epochs: 8);
        AccuracyReport indecater = Train(new IndeCateR(10), epochs: 8);

        Assert.True(reinforce.Accuracy >= 0.5, $"reinforce: {reinforce.Accuracy}");
        Assert.True(indecater.Accuracy >= 0.8, $"indecater: {indecater.Accuracy}");
    }

    [Fact]
    public void Training_OneSeed_IsReproducibleWhateverTheThreads()
    {
        (InputPool pool, List<ProgramExample> train, _) = Data(2);
        float[] Run(int threads)
        {
            NeuralClassifier model = Model(2);
            var trainer = new NeuralProgramTrainer(model, new Ised(10), SumProgram(), 16, 2, threads);
            trainer.TrainEpoch(train, pool, 1);
            return [.. model.Network.Parameters.SelectMany(p => p.Value)];
        }

        Assert.Equal(Run(1), Run(2));
    }
}
