using System.Numerics.Tensors;

namespace Neptune.Neural.Layers;

/// <summary>
/// A 2-D convolution with square kernels, stride 1 and no padding, computed as im2col followed by a matrix product:
/// each sample's input patches are laid out as a (channels·k·k) × (outH·outW) matrix that the weights multiply.
/// </summary>
public sealed class Conv2d : Layer
{
    private float[] _columns = [];
    private float[] _columnGradient = [];

    /// <summary>Creates the layer with zero parameters; <see cref="Initialize"/> draws them.</summary>
    /// <param name="name">The parameter name prefix (<c>name.weight</c>, <c>name.bias</c>).</param>
    /// <param name="inChannels">Input channels.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="kernel">Kernel side.</param>
    /// <param name="height">Input height.</param>
    /// <param name="width">Input width.</param>
    public Conv2d(string name, int inChannels, int outChannels, int kernel, int height, int width)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inChannels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outChannels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(kernel);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, kernel);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, kernel);
        InChannels = inChannels;
        OutChannels = outChannels;
        Kernel = kernel;
        Height = height;
        Width = width;
        OutHeight = height - kernel + 1;
        OutWidth = width - kernel + 1;
        Weight = new Parameter(name + ".weight", outChannels, inChannels, kernel, kernel);
        Bias = new Parameter(name + ".bias", outChannels);
    }

    /// <summary>Input channels.</summary>
    public int InChannels { get; }

    /// <summary>Output channels.</summary>
    public int OutChannels { get; }

    /// <summary>Kernel side.</summary>
    public int Kernel { get; }

    /// <summary>Input height.</summary>
    public int Height { get; }

    /// <summary>Input width.</summary>
    public int Width { get; }

    /// <summary>Output height: height − kernel + 1.</summary>
    public int OutHeight { get; }

    /// <summary>Output width: width − kernel + 1.</summary>
    public int OutWidth { get; }

    /// <summary>The weights, out × in × k × k.</summary>
    public Parameter Weight { get; }

    /// <summary>The biases, one per output channel.</summary>
    public Parameter Bias { get; }

    /// <inheritdoc />
    public override IReadOnlyList<Parameter> Parameters => [Weight, Bias];

    /// <inheritdoc />
    public override int InputSize => InChannels * Height * Width;

    /// <inheritdoc />
    public override int OutputSize => OutChannels * OutHeight * OutWidth;

    private int PatchSize => InChannels * Kernel * Kernel;

    private int Positions => OutHeight * OutWidth;

    /// <inheritdoc />
    /// <remarks>Uniform in ±1/sqrt(in·k·k), PyTorch's default.</remarks>
    public override void Initialize(Random random)
    {
        float bound = 1f / MathF.Sqrt(PatchSize);
        Uniform(random, Weight.Value, bound);
        Uniform(random, Bias.Value, bound);
    }

    /// <inheritdoc />
    public override void Forward(float[] input, float[] output, int batch, NeuralContext context)
    {
        int ck = PatchSize;
        int hw = Positions;
        float[] columns = Ensure(ref _columns, batch * ck * hw);
        float[] w = Weight.Value;
        float[] bias = Bias.Value;
        context.For(batch, (long)ck * hw * OutChannels, b =>
        {
            Span<float> col = columns.AsSpan(b * ck * hw, ck * hw);
            Im2Col(input.AsSpan(b * InputSize, InputSize), col);
            Span<float> y = output.AsSpan(b * OutputSize, OutputSize);
            for (int o = 0; o < OutChannels; o++)
            {
                Span<float> row = y.Slice(o * hw, hw);
                row.Fill(bias[o]);
                ReadOnlySpan<float> wo = w.AsSpan(o * ck, ck);
                for (int p = 0; p < ck; p++)
                {
                    TensorPrimitives.MultiplyAdd(col.Slice(p * hw, hw), wo[p], row, row);
                }
            }
        });
    }

    /// <inheritdoc />
    public override void Backward(float[] outputGradient, float[]? inputGradient, int batch, NeuralContext context)
    {
        int ck = PatchSize;
        int hw = Positions;
        float[] columns = _columns;
        float[] dw = Weight.Gradient;
        float[] db = Bias.Gradient;
        context.For(OutChannels, (long)ck * hw * batch, o =>
        {
            Span<float> dwo = dw.AsSpan(o * ck, ck);
            float bsum = 0;
            for (int b = 0; b < batch; b++)
            {
                ReadOnlySpan<float> g = outputGradient.AsSpan(b * OutputSize + o * hw, hw);
                bsum += TensorPrimitives.Sum(g);
                ReadOnlySpan<float> col = columns.AsSpan(b * ck * hw, ck * hw);
                for (int p = 0; p < ck; p++)
                {
                    dwo[p] += TensorPrimitives.Dot(g, col.Slice(p * hw, hw));
                }
            }

            db[o] += bsum;
        });
        if (inputGradient is null)
        {
            return;
        }

        float[] dcolumns = Ensure(ref _columnGradient, batch * ck * hw);
        float[] w = Weight.Value;
        context.For(batch, (long)ck * hw * OutChannels, b =>
        {
            Span<float> dcol = dcolumns.AsSpan(b * ck * hw, ck * hw);
            dcol.Clear();
            for (int o = 0; o < OutChannels; o++)
            {
                ReadOnlySpan<float> g = outputGradient.AsSpan(b * OutputSize + o * hw, hw);
                ReadOnlySpan<float> wo = w.AsSpan(o * ck, ck);
                for (int p = 0; p < ck; p++)
                {
                    Span<float> row = dcol.Slice(p * hw, hw);
                    TensorPrimitives.MultiplyAdd(g, wo[p], row, row);
                }
            }

            Col2Im(dcol, inputGradient.AsSpan(b * InputSize, InputSize));
        });
    }

    private void Im2Col(ReadOnlySpan<float> x, Span<float> col)
    {
        int k = Kernel;
        int hw = Positions;
        for (int c = 0; c < InChannels; c++)
        {
            for (int ki = 0; ki < k; ki++)
            {
                for (int kj = 0; kj < k; kj++)
                {
                    Span<float> row = col.Slice(((c * k + ki) * k + kj) * hw, hw);
                    for (int oh = 0; oh < OutHeight; oh++)
                    {
                        x.Slice((c * Height + oh + ki) * Width + kj, OutWidth).CopyTo(row.Slice(oh * OutWidth, OutWidth));
                    }
                }
            }
        }
    }

    private void Col2Im(ReadOnlySpan<float> col, Span<float> dx)
    {
        dx.Clear();
        int k = Kernel;
        int hw = Positions;
        for (int c = 0; c < InChannels; c++)
        {
            for (int ki = 0; ki < k; ki++)
            {
                for (int kj = 0; kj < k; kj++)
                {
                    ReadOnlySpan<float> row = col.Slice(((c * k + ki) * k + kj) * hw, hw);
                    for (int oh = 0; oh < OutHeight; oh++)
                    {
                        Span<float> target = dx.Slice((c * Height + oh + ki) * Width + kj, OutWidth);
                        TensorPrimitives.Add(target, row.Slice(oh * OutWidth, OutWidth), target);
                    }
                }
            }
        }
    }
}
