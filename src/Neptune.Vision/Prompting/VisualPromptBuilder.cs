using Microsoft.Extensions.AI;
using Neptune.Imaging;
using Neptune.Imaging.Drawing;
using Neptune.Perception;

namespace Neptune.Vision.Prompting;

/// <summary>Builds the chat messages of one visual question: marked image, optional zoomed crops, question and instruction.</summary>
internal sealed class VisualPromptBuilder
{
    /// <summary>The colour names of the marks, in argument order (the colours of <see cref="NamedColors.ForArgument"/>).</summary>
    internal static readonly string[] MarkNames = ["red", "green", "blue"];

    private readonly VisualPromptOptions _options;

    public VisualPromptBuilder(VisualPromptOptions options)
    {
        options.Validate();
        _options = options;
    }

    public VisualPromptOptions Options => _options;

    /// <summary>The messages for a question about the given boxes (1 to 3 of them; 0 for a question about the whole image).</summary>
    public List<ChatMessage> Build(RgbaImage image, ReadOnlySpan<BoundingBox> boxes, string question, bool yesNo)
    {
        if (boxes.Length > MarkNames.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(boxes), $"at most {MarkNames.Length} objects can be marked in one prompt");
        }

        double scale = ScaleFor(image);
        int line = LineWidthFor(image, scale);
        RgbaImage marked = image.Clone();
        for (int i = 0; i < boxes.Length; i++)
        {
            PixelRect rect = ToRect(boxes[i]).Intersect(image.Bounds);
            if (!rect.IsEmpty)
            {
                marked.DrawRectangle(rect, NamedColors.ForArgument(i), line);
            }
        }

        var contents = new List<AIContent> { Image(Fit(marked, scale)) };
        int crops = 0;
        if (_options.AttachCrops)
        {
            for (int i = 0; i < boxes.Length; i++)
            {
                RgbaImage? crop = CropAround(marked, boxes[i]);
                if (crop is not null)
                {
                    contents.Add(Image(crop));
                    crops++;
                }
            }
        }

        string text = question.Trim() + "\n" + (yesNo ? _options.ScoreInstruction : _options.QueryInstruction);
        if (crops > 0)
        {
            string names = boxes.Length == 1 ? "the red box" : string.Join(", ", MarkNames.Take(boxes.Length).Select(n => "the " + n + " box"));
            text = $"The first image is the full picture; the next {(crops == 1 ? "image is a zoomed view" : "images are zoomed views")} of {names}, in that order.\n" + text;
        }

        contents.Add(new TextContent(text));
        var messages = new List<ChatMessage>(2);
        if (_options.SystemPrompt is { Length: > 0 } system)
        {
            messages.Add(new ChatMessage(ChatRole.System, system));
        }

        messages.Add(new ChatMessage(ChatRole.User, contents));
        return messages;
    }

    /// <summary>The image as sent (shrunk to the configured size), for grounding requests whose coordinates refer to it.</summary>
    public RgbaImage SentImage(RgbaImage image) => Fit(image, ScaleFor(image));

    internal static PixelRect ToRect(BoundingBox box) => PixelRect.FromBox(box.Left, box.Top, box.Right, box.Bottom);

    internal static DataContent Image(RgbaImage image) => new(RequestImages.Encode(image), RequestImages.MimeType);

    private double ScaleFor(RgbaImage image)
    {
        int longer = Math.Max(image.Width, image.Height);
        return _options.MaxImageSide is { } max && longer > max ? (double)max / longer : 1.0;
    }

    private int LineWidthFor(RgbaImage image, double scale)
    {
        int sent = _options.LineWidth ?? Math.Max(2, (int)Math.Round(Math.Max(image.Width, image.Height) * scale / 240.0));
        return Math.Max(1, (int)Math.Round(sent / scale));
    }

    private static RgbaImage Fit(RgbaImage image, double scale)
    {
        if (scale >= 1.0)
        {
            return image;
        }

        int w = Math.Max(1, (int)Math.Round(image.Width * scale));
        int h = Math.Max(1, (int)Math.Round(image.Height * scale));
        return image.Resize(w, h);
    }

    private RgbaImage? CropAround(RgbaImage marked, BoundingBox box)
    {
        double mx = box.Width * _options.CropMargin;
        double my = box.Height * _options.CropMargin;
        PixelRect rect = PixelRect.FromBox(box.Left - mx, box.Top - my, box.Right + mx, box.Bottom + my).Intersect(marked.Bounds);
        if (rect.IsEmpty)
        {
            return null;
        }

        RgbaImage crop = marked.Crop(rect);
        int longer = Math.Max(crop.Width, crop.Height);
        if (longer < _options.CropMinSide)
        {
            double factor = Math.Min(4.0, (double)_options.CropMinSide / longer);
            crop = crop.Resize(Math.Max(1, (int)Math.Round(crop.Width * factor)), Math.Max(1, (int)Math.Round(crop.Height * factor)));
        }

        return crop;
    }
}
