using System.Globalization;

namespace Neptune.Vision.Prompting;

/// <summary>
/// How a question about objects becomes a visual prompt: the tuple's boxes are drawn on the image in red, green and
/// blue (first, second, third argument), optionally followed by a zoomed crop around each box, then the question and
/// an instruction.
/// </summary>
public sealed record VisualPromptOptions
{
    /// <summary>The defaults: crops on, images at most 1280 pixels on their longer side.</summary>
    public static VisualPromptOptions Default { get; } = new();

    /// <summary>Whether a zoomed crop of each box follows the full image. Default true.</summary>
    public bool AttachCrops { get; init; } = true;

    /// <summary>Extra context around each crop, as a fraction of the box size on every side. Default 0.25.</summary>
    public double CropMargin { get; init; } = 0.25;

    /// <summary>Crops smaller than this on their longer side are enlarged to it (at most 4×). Default 224.</summary>
    public int CropMinSide { get; init; } = 224;

    /// <summary>The full image is shrunk so its longer side is at most this; null sends it as is. Default 1280.</summary>
    public int? MaxImageSide { get; init; } = 1280;

    /// <summary>Box outline width in pixels of the sent image; null scales it with the image (≥ 2). Default null.</summary>
    public int? LineWidth { get; init; }

    /// <summary>Appended to a yes/no question.</summary>
    public string ScoreInstruction { get; init; } = "Answer with Yes or No.";

    /// <summary>Appended to an open question.</summary>
    public string QueryInstruction { get; init; } = "Answer the question using a single word or phrase.";

    /// <summary>An optional system message.</summary>
    public string? SystemPrompt { get; init; }

    /// <summary>Checks ranges.</summary>
    /// <exception cref="ArgumentException">A field is out of range; the message names it.</exception>
    public void Validate()
    {
        if (!(CropMargin >= 0 && CropMargin <= 4))
        {
            throw new ArgumentException("crop_margin: must be between 0 and 4", nameof(CropMargin));
        }

        if (CropMinSide is < 16 or > 4096)
        {
            throw new ArgumentException("crop_min_side: must be between 16 and 4096", nameof(CropMinSide));
        }

        if (MaxImageSide is < 64 or > 16384)
        {
            throw new ArgumentException("max_image_side: must be between 64 and 16384, or null", nameof(MaxImageSide));
        }

        if (LineWidth is < 1 or > 64)
        {
            throw new ArgumentException("line_width: must be between 1 and 64, or null", nameof(LineWidth));
        }

        ArgumentNullException.ThrowIfNull(ScoreInstruction);
        ArgumentNullException.ThrowIfNull(QueryInstruction);
    }

    /// <summary>Everything that changes what the model sees, as one string for cache keys.</summary>
    internal string Fingerprint() => string.Create(CultureInfo.InvariantCulture,
        $"v1|crops={AttachCrops}|margin={CropMargin:R}|min={CropMinSide}|max={MaxImageSide}|line={LineWidth}|si={ScoreInstruction}|qi={QueryInstruction}|sys={SystemPrompt}");
}
