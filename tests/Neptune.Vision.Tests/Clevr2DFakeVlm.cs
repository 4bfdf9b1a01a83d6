using System.Text;
using Neptune.Clevr;
using Neptune.Clevr2D;
using Neptune.Imaging;
using Neptune.Imaging.Drawing;
using Neptune.Perception;
using Neptune.Testing;

namespace Neptune.Vision.Tests;

/// <summary>
/// A fake VLM for CLEVR-2D pictures: yes/no colour questions are answered from the pixels inside the red box (the
/// majority CLEVR colour), grounding from the scene's geometry (0–1000 coordinates), and program requests (no image)
/// by fixed programs.
/// </summary>
internal static class Clevr2DFakeVlm
{
    private static readonly string[] ColorNames = ["gray", "red", "blue", "green", "brown", "purple", "cyan", "yellow"];

    public const string SceneJson = """
        {"info": {"split": "test"}, "scenes": [{"image_index": 7, "image_filename": "fake.png", "objects": [
          {"color": "blue", "size": "large", "rotation": 0, "shape": "cube", "material": "rubber", "3d_coords": [0, 0, 0.7], "pixel_coords": [110, 160, 10]},
          {"color": "red", "size": "large", "rotation": 0, "shape": "sphere", "material": "rubber", "3d_coords": [0, 0, 0.7], "pixel_coords": [240, 170, 10]},
          {"color": "yellow", "size": "large", "rotation": 0, "shape": "cylinder", "material": "rubber", "3d_coords": [0, 0, 0.7], "pixel_coords": [370, 160, 10]}],
          "relationships": {"left": [[], [0], [0, 1]], "right": [[1, 2], [2], []], "front": [[], [], []], "behind": [[], [], []]}}]}
        """;

    public static ClevrScene Scene()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(SceneJson));
        return ClevrSceneReader.Read(stream, "fake.json").Single();
    }

    /// <summary>The majority CLEVR colour inside the red mark of a marked picture.</summary>
    public static string ColorInRedBox(RgbaImage image)
    {
        PixelRect mark = TestImages.FindMark(image, NamedColors.Red) ?? throw new InvalidOperationException("no red box in the picture");
        var votes = new int[ColorNames.Length];
        int bandX = Math.Max(4, mark.Width / 8);
        int bandY = Math.Max(4, mark.Height / 8);
        for (int y = mark.Y + bandY; y < mark.Bottom - bandY; y++)
        {
            for (int x = mark.X + bandX; x < mark.Right - bandX; x++)
            {
                Rgba32 p = image.GetPixel(x, y);
                bool floor = Math.Abs(p.R - p.G) < 14 && Math.Abs(p.G - p.B) < 14 && p.R >= 135;
                if (floor)
                {
                    continue;
                }

                int best = 0;
                double bestDistance = double.MaxValue;
                for (int c = 0; c < ColorNames.Length; c++)
                {
                    Rgba32 q = ClevrPalette.Colors[c];
                    double d = Math.Pow(p.R - q.R, 2) + Math.Pow(p.G - q.G, 2) + Math.Pow(p.B - q.B, 2);
                    if (d < bestDistance)
                    {
                        bestDistance = d;
                        best = c;
                    }
                }

                votes[best]++;
            }
        }

        return ColorNames[Array.IndexOf(votes, votes.Max())];
    }

    public static string ProgramFor(string question) => question switch
    {
        "Is there a yellow object?" => Answer("object", "return score(\"Is the object in the red box yellow?\").exists(\"x\")"),
        "Is there a green object?" => Answer("object", "return score(\"Is the object in the red box green?\").exists(\"x\")"),
        "the red object" => Answer("object", "return score(\"Is the object in the red box red?\").iota()"),
        "the purple object" => Answer("purple object", "return score(\"Is the object in the red box purple?\").iota()"),
        "What color is the object left of the red object?" => Answer(
            "object",
            "the_red = score(\"Is the object in the red box red?\").iota()\nleft = score(\"Is the object in the red box left of the object in the green box?\", 2).given(\"y\", the_red)\nreturn query(\"What color is the object in the red box?\", left.iota())"),
        _ => "I don't know.",
    };

    /// <summary>The whole fake server: program requests, grounding requests, yes/no scores and open queries.</summary>
    public static FakeReply Script(FakeChatRequest request, ClevrScene scene)
    {
        IReadOnlyList<byte[]> images = FakeVision.Images(request);
        string text = request.LastUserMessage;
        if (images.Count == 0)
        {
            // A program request: the question is the last line of the user message.
            string question = text.Trim().Split('\n')[^1].Trim();
            foreach (string candidate in new[] { "Is there a yellow object?", "Is there a green object?", "the red object", "the purple object", "What color is the object left of the red object?" })
            {
                if (text.Contains(candidate, StringComparison.Ordinal))
                {
                    question = candidate;
                }
            }

            return FakeReply.Completion(ProgramFor(question));
        }

        if (text.Contains("Locate every purple", StringComparison.Ordinal))
        {
            return FakeVision.Grounding();
        }

        if (text.Contains("Locate every", StringComparison.Ordinal))
        {
            var boxes = scene.Objects.Select(o =>
            {
                BoundingBox b = ClevrGeometry.BoxOf(o);
                return ("object", b.Left * 1000.0 / ClevrRenderer.Width, b.Top * 1000.0 / ClevrRenderer.Height, b.Right * 1000.0 / ClevrRenderer.Width, b.Bottom * 1000.0 / ClevrRenderer.Height);
            }).ToArray();
            return FakeVision.Grounding(boxes);
        }

        RgbaImage picture = Imaging.Codecs.ImageCodecs.Default.Decode(images[0]);
        if (text.Contains("left of the object in the green box", StringComparison.Ordinal))
        {
            PixelRect red = TestImages.FindMark(picture, NamedColors.Red)!.Value;
            PixelRect green = TestImages.FindMark(picture, NamedColors.Green)!.Value;
            return FakeVision.Probability(red.X + (red.Width / 2.0) < green.X + (green.Width / 2.0) ? 0.93 : 0.04);
        }

        string color = ColorInRedBox(picture);
        if (text.StartsWith("What color", StringComparison.Ordinal) || text.Contains("\nWhat color", StringComparison.Ordinal))
        {
            return FakeReply.Completion(char.ToUpperInvariant(color[0]) + color[1..] + ".");
        }

        bool yes = text.Contains($"red box {color}?", StringComparison.Ordinal);
        return FakeVision.Probability(yes ? 0.92 : 0.03);
    }

    private static string Answer(string objects, string program) => $"<objects>{objects}</objects>\n```python\n{program}\n```";
}
