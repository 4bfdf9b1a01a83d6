using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Neptune.Cli.Conventions;
using Neptune.Configuration;
using Neptune.Imaging;
using Neptune.Imaging.Codecs;
using Neptune.Imaging.Drawing;

namespace Neptune.Cli.Commands;

/// <summary>
/// <c>neptune image</c>: what Neptune sees in an image file. <c>info</c> prints the format, the width and height once
/// the EXIF orientation is applied, the orientation and the number of frames, after decoding the whole file as every
/// other command would. <c>mark</c> draws numbered set-of-marks boxes on the upright image. Exit codes: 0 success,
/// 2 bad input (a file that is missing, empty, not an image, corrupt, truncated or over the size limits, a malformed
/// box, no font to draw the numbers with), with the reason.
/// </summary>
internal static class ImageCommand
{
    public static Command Build()
    {
        var command = new Command("image", "Inspect image files as Neptune reads them.");
        command.Subcommands.Add(BuildInfo());
        command.Subcommands.Add(BuildMark());
        return command;
    }

    private static Command BuildMark()
    {
        var file = new Argument<FileInfo>("file") { Description = "The image file (JPEG, PNG, WebP, GIF or BMP)." };
        var boxes = new Option<string[]>("--box")
        {
            Description = "A box X1,Y1,X2,Y2 in pixels of the upright image; repeat for more boxes, numbered 1, 2, … in order.",
            Required = true,
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<FileInfo>("--out") { Description = "The marked image to write: JPEG when it ends in .jpg or .jpeg, PNG otherwise.", Required = true };
        var lineWidth = new Option<int?>("--line-width") { Description = "Box outline width in pixels (default: the longer side / 240, at least 2)." }.Range(1, 256);
        var labelSize = new Option<int?>("--label-size") { Description = "Number text size in pixels (default: the longer side / 40, at least 12)." }.Range(4, 1024);
        var mark = new Command("mark", "Draw numbered set-of-marks boxes (red, green, blue, … in order) on an image and write it; exit 2 when no font is installed to draw the numbers.");
        mark.Arguments.Add(file);
        mark.Options.Add(boxes);
        mark.Options.Add(output);
        mark.Options.Add(lineWidth);
        mark.Options.Add(labelSize);
        mark.SetAction(async (parse, cancellationToken) =>
        {
            string path = InputFiles.RequireFile(parse.GetValue(file)!.FullName, "<file>");
            string target = InputFiles.RequireWritableFile(parse.GetValue(output)!.FullName, "--out");
            List<PixelRect> rects = [.. parse.GetValue(boxes)!.Select(ParseBox)];
            RgbaImage image;
            try
            {
                image = ImageCodecs.Default.Decode(await File.ReadAllBytesAsync(path, cancellationToken));
            }
            catch (NeptuneImagingException e)
            {
                throw new UsageException($"'{ConfigSource.Display(path)}': {e.Message}", e);
            }

            int longer = Math.Max(image.Width, image.Height);
            int line = parse.GetValue(lineWidth) ?? Math.Max(2, (int)Math.Round(longer / 240.0));
            float size = parse.GetValue(labelSize) ?? Math.Max(12, (int)Math.Round(longer / 40.0));
            for (int i = 0; i < rects.Count; i++)
            {
                image.DrawMark(rects[i], NamedColors.ForArgument(i), (i + 1).ToString(CultureInfo.InvariantCulture), line, size);
            }

            string extension = Path.GetExtension(target).ToLowerInvariant();
            IImageEncoder encoder = extension is ".jpg" or ".jpeg" ? new JpegEncoder() : new PngEncoder();
            await File.WriteAllBytesAsync(target, encoder.Encode(image), cancellationToken);
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"marked {rects.Count} box(es) on a {image.Width}x{image.Height} image: {ConfigSource.Display(target)}"));
            return 0;
        });
        return mark;
    }

    private static PixelRect ParseBox(string text)
    {
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new double[4];
        bool ok = parts.Length == 4;
        for (int i = 0; ok && i < 4; i++)
        {
            ok = double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) && double.IsFinite(values[i]);
        }

        if (!ok || !(values[0] < values[2]) || !(values[1] < values[3]))
        {
            throw new UsageException($"--box: expected X1,Y1,X2,Y2 with X1 < X2 and Y1 < Y2, got '{text}'");
        }

        return PixelRect.FromBox(values[0], values[1], values[2], values[3]);
    }

    private static Command BuildInfo()
    {
        var file = new Argument<FileInfo>("file") { Description = "The image file (JPEG, PNG, WebP, GIF or BMP)." };
        var json = new Option<bool>("--json") { Description = "Print the result as one JSON object." };
        var info = new Command("info", "Print an image's format, upright width and height, EXIF orientation and frame count; exit 2 with the reason when it does not decode.");
        info.Arguments.Add(file);
        info.Options.Add(json);
        info.SetAction(async (parse, cancellationToken) =>
        {
            string path = InputFiles.RequireFile(parse.GetValue(file)!.FullName, "<file>");
            byte[] data = await File.ReadAllBytesAsync(path, cancellationToken);
            ImageInfo described;
            try
            {
                described = ImageCodecs.Default.Identify(data);
                RgbaImage decoded = ImageCodecs.Default.Decode(data);
                if (decoded.Width != described.Width || decoded.Height != described.Height)
                {
                    throw new UsageException($"'{ConfigSource.Display(path)}': the header says {described.Width}x{described.Height} but the pixels decode to {decoded.Width}x{decoded.Height}");
                }
            }
            catch (NeptuneImagingException e)
            {
                throw new UsageException($"'{ConfigSource.Display(path)}': {e.Message}", e);
            }

            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(
                    new InfoJson(described.Format.Name(), described.Width, described.Height, described.Orientation, described.Frames),
                    JsonOptions));
                return 0;
            }

            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"format: {described.Format.Name()}"));
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"width: {described.Width}"));
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"height: {described.Height}"));
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"orientation: {described.Orientation} ({OrientationName(described.Orientation)})"));
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"frames: {described.Frames}"));
            return 0;
        });
        return info;
    }

    internal static string OrientationName(int orientation) => orientation switch
    {
        2 => "mirrored left-right",
        3 => "rotated 180°",
        4 => "mirrored top-bottom",
        5 => "transposed",
        6 => "rotated 90° clockwise",
        7 => "transversed",
        8 => "rotated 90° counter-clockwise",
        _ => "upright",
    };

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private sealed record InfoJson(string Format, int Width, int Height, int Orientation, int Frames);
}
