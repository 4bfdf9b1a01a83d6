using Neptune.Neural.Layers;

namespace Neptune.Neural;

/// <summary>Networks for 28 × 28 single-channel images (handwritten digits), initialised from a seed.</summary>
public static class Architectures
{
    /// <summary>
    /// The digit network of the MNIST-R benchmarks: Conv(1→32, k5) → max-pool 2 → Conv(32→64, k5) → max-pool 2 →
    /// FC 1024→1024 → ReLU → dropout 0.5 → FC 1024→classes (logits; the softmax follows in the classifier).
    /// </summary>
    /// <param name="classes">Output classes.</param>
    /// <param name="seed">Seeds the initial weights.</param>
    /// <returns>The initialised network.</returns>
    public static Sequential DigitConvNet(int classes, int seed)
    {
        var network = new Sequential(
            new Conv2d("conv1", 1, 32, 5, 28, 28),
            new MaxPool2d(32, 24, 24),
            new Conv2d("conv2", 32, 64, 5, 12, 12),
            new MaxPool2d(64, 8, 8),
            new Linear("fc1", 1024, 1024),
            new Relu(1024),
            new Dropout(1024, 0.5f),
            new Linear("fc2", 1024, classes));
        network.Initialize(new Random(seed));
        return network;
    }

    /// <summary>
    /// LeNet: Conv(1→6, k5) → ReLU → max-pool 2 → Conv(6→16, k5) → ReLU → max-pool 2 → FC 256→120 → ReLU →
    /// FC 120→84 → ReLU → FC 84→classes (logits).
    /// </summary>
    /// <param name="classes">Output classes.</param>
    /// <param name="seed">Seeds the initial weights.</param>
    /// <returns>The initialised network.</returns>
    public static Sequential LeNet(int classes, int seed)
    {
        var network = new Sequential(
            new Conv2d("conv1", 1, 6, 5, 28, 28),
            new Relu(6 * 24 * 24),
            new MaxPool2d(6, 24, 24),
            new Conv2d("conv2", 6, 16, 5, 12, 12),
            new Relu(16 * 8 * 8),
            new MaxPool2d(16, 8, 8),
            new Linear("fc1", 256, 120),
            new Relu(120),
            new Linear("fc2", 120, 84),
            new Relu(84),
            new Linear("fc3", 84, classes));
        network.Initialize(new Random(seed));
        return network;
    }
}
