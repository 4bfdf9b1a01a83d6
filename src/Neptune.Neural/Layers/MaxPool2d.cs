namespace Neptune.Neural.Layers;

/// <summary>Max pooling over non-overlapping square windows (stride = window); rows and columns that do not fill a window are dropped.</summary>
public sealed class MaxPool2d : Layer
{
    private int[] _argmax = [];

    /// <summary>Creates the layer.</summary>
    /// <param name="channels">Channels.</param>
    /// <param name="height">Input height.</param>
    /// <param name="width">Input width.</param>
    /// <param name="window">Window side and stride.</param>
    public MaxPool2d(int channels, int height, int width, int window = 2)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(window);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, window);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, window);
        Channels = channels;
        Height = height;
        Width = width;
        Window = window;
        OutHeight = height / window;
        OutWidth = width / window;
    }

    /// <summary>Channels.</summary>
    public int Channels { get; }

    /// <summary>Input height.</summary>
    public int Height { get; }

    /// <summary>Input width.</summary>
    public int Width { get; }

    /// <summary>Window side and stride.</summary>
    public int Window { get; }

    /// <summary>Output height.</summary>
    public int OutHeight { get; }

    /// <summary>Output width.</summary>
    public int OutWidth { get; }

    /// <inheritdoc />
    public override int InputSize => Channels * Height * Width;

    /// <inheritdoc />
    public override int OutputSize => Channels * OutHeight * OutWidth;

    /// <inheritdoc />
    public override void Forward(float[] input, float[] output, int batch, NeuralContext context)
    {
        if (_argmax.Length < batch * OutputSize)
        {
            _argmax = new int[batch * OutputSize];
        }

        int[] argmax = _argmax;
        context.For(batch, InputSize, b =>
        {
            int inBase = b * InputSize;
            int outBase = b * OutputSize;
            for (int c = 0; c < Channels; c++)
            {
                for (int oh = 0; oh < OutHeight; oh++)
                {
                    for (int ow = 0; ow < OutWidth; ow++)
                    {
                        int best = inBase + (c * Height + oh * Window) * Width + ow * Window;
                        float max = input[best];
                        for (int i = 0; i < Window; i++)
                        {
                            int rowStart = inBase + (c * Height + oh * Window + i) * Width + ow * Window;
                            for (int j = 0; j < Window; j++)
                            {
                                if (input[rowStart + j] > max)
                                {
                                    max = input[rowStart + j];
                                    best = rowStart + j;
                                }
                            }
                        }

                        int o = outBase + (c * OutHeight + oh) * OutWidth + ow;
                        output[o] = max;
                        argmax[o] = best;
                    }
                }
            }
        });
    }

    /// <inheritdoc />
    public override void Backward(float[] outputGradient, float[]? inputGradient, int batch, NeuralContext context)
    {
        if (inputGradient is null)
        {
            return;
        }

        int[] argmax = _argmax;
        context.For(batch, InputSize, b =>
        {
            inputGradient.AsSpan(b * InputSize, InputSize).Clear();
            for (int o = b * OutputSize; o < (b + 1) * OutputSize; o++)
            {
                inputGradient[argmax[o]] += outputGradient[o];
            }
        });
    }
}
