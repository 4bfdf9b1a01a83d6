namespace Neptune.Neural;

/// <summary>
/// A trainable model that maps each input sample to a distribution over classes. Learning algorithms see only this
/// interface: a managed network implements it here, and another backend (TorchSharp, ONNX training) could replace it.
/// </summary>
public interface IClassifier
{
    /// <summary>Values per input sample.</summary>
    int InputSize { get; }

    /// <summary>Classes per distribution.</summary>
    int Classes { get; }

    /// <summary>Computes one distribution per sample.</summary>
    /// <param name="inputs">batch × <see cref="InputSize"/> values.</param>
    /// <param name="batch">The number of samples.</param>
    /// <param name="training">Whether this pass trains (dropout on, <see cref="Backward"/> may follow).</param>
    /// <returns>batch × <see cref="Classes"/> probabilities, rows summing to 1; valid until the next call.</returns>
    ReadOnlySpan<float> Predict(ReadOnlySpan<float> inputs, int batch, bool training);

    /// <summary>Accumulates the gradient of a loss given dL/dp for the probabilities of the last <see cref="Predict"/>.</summary>
    /// <param name="probabilityGradient">batch × <see cref="Classes"/> values.</param>
    void Backward(ReadOnlySpan<float> probabilityGradient);

    /// <summary>Updates the parameters from the accumulated gradient and clears it.</summary>
    void Step();

    /// <summary>Writes the parameters.</summary>
    /// <param name="stream">The destination.</param>
    void Save(Stream stream);

    /// <summary>Reads parameters written by <see cref="Save"/>.</summary>
    /// <param name="stream">The source.</param>
    /// <exception cref="WeightFileException">The weights do not fit this model.</exception>
    void Load(Stream stream);
}
