using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Neptune.Cli.Conventions;
using Neptune.Configuration;
using Neptune.Imaging;
using Neptune.Imaging.Codecs;

namespace Neptune.Cli.Commands;

/// <summary>
/// <c>neptune image</c>: what Neptune sees in an image file. <c>info</c> prints the format, the width and height once
/// the EXIF orientation is applied, the orientation and the number of frames, after decoding the whole file as every
/// other command would. Exit codes: 0 the file decodes, 2 it does not (missing, empty, not an image, corrupt,
/// truncated or over the size limits), with the reason.
/// </summary>
internal static class ImageCommand
{
    public static Command Build()
    {
        var command = new Command("image", "Inspect image files as Neptune reads them.");
        command.Subcommands.Add(BuildInfo());
        return command;
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

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private sealed record InfoJson(string Format, int Width, int Height, int Orientation, int Frames);
}
