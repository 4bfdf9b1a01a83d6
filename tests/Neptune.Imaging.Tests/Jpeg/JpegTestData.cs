using System.Text;

namespace Neptune.Imaging.Tests.Jpeg;

/// <summary>Reads the JPEG fixtures and djpeg's reference decodes (binary PPM or PGM, maxval 255).</summary>
internal static class JpegFixtures
{
    public static byte[] Read(string name) => Fixtures.Read(Path.Combine("jpeg", name));

    /// <summary>Loads NAME.ppm or NAME.pgm as an RGBA image (grey replicated to R, G and B).</summary>
    public static RgbaImage ReadReference(string name)
    {
        string path = Fixtures.PathOf(Path.Combine("jpeg", name + ".ppm"));
        if (!File.Exists(path))
        {
            path = Fixtures.PathOf(Path.Combine("jpeg", name + ".pgm"));
        }

        return ParsePnm(File.ReadAllBytes(path));
    }

    public static RgbaImage ParsePnm(byte[] file)
    {
        int position = 0;
        string magic = Token(file, ref position);
        int width = int.Parse(Token(file, ref position), System.Globalization.CultureInfo.InvariantCulture);
        int height = int.Parse(Token(file, ref position), System.Globalization.CultureInfo.InvariantCulture);
        int maxValue = int.Parse(Token(file, ref position), System.Globalization.CultureInfo.InvariantCulture);
        position++; // the single whitespace byte before the samples
        Assert.Equal(255, maxValue);
        int channels = magic switch
        {
            "P6" => 3,
            "P5" => 1,
            _ => throw new InvalidDataException($"Unsupported PNM type {magic}."),
        };
        Assert.Equal(position + (width * height * channels), file.Length);
        var image = new RgbaImage(width, height);
        Span<byte> pixels = image.Pixels;
        for (int i = 0; i < width * height; i++)
        {
            int s = position + (i * channels);
            pixels[4 * i] = file[s];
            pixels[(4 * i) + 1] = file[s + (channels == 3 ? 1 : 0)];
            pixels[(4 * i) + 2] = file[s + (channels == 3 ? 2 : 0)];
            pixels[(4 * i) + 3] = 255;
        }

        return image;
    }

    /// <summary>Largest and mean absolute per-channel difference between two images of equal size.</summary>
    public static (int Max, double Mean) Difference(RgbaImage actual, RgbaImage expected)
    {
        Assert.Equal(expected.Width, actual.Width);
        Assert.Equal(expected.Height, actual.Height);
        int max = 0;
        long sum = 0;
        ReadOnlySpan<byte> a = actual.Pixels;
        ReadOnlySpan<byte> e = expected.Pixels;
        for (int i = 0; i < a.Length; i++)
        {
            int d = Math.Abs(a[i] - e[i]);
            max = Math.Max(max, d);
            sum += d;
        }

        return (max, (double)sum / a.Length);
    }

    private static string Token(byte[] file, ref int position)
    {
        while (char.IsWhiteSpace((char)file[position]))
        {
            position++;
        }

        int start = position;
        while (!char.IsWhiteSpace((char)file[position]))
        {
            position++;
        }

        return Encoding.ASCII.GetString(file, start, position - start);
    }
}
