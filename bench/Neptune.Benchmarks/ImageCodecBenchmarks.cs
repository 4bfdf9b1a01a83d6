using BenchmarkDotNet.Attributes;
using Neptune.Imaging;
using Neptune.Imaging.Codecs;
using SkiaSharp;

namespace Neptune.Benchmarks;

/// <summary>
/// Decoding and encoding a 1024×768 photo-like picture (gradients, sixty shaded shapes, a slight blur and seeded
/// sensor noise) through <see cref="ImageCodecs.Default"/>, the path every image file in Neptune takes.
/// The encoded inputs are made with Skia's own encoders (JPEG quality 90 4:2:0, PNG zlib level 6, lossy WebP 90).
/// </summary>
[MemoryDiagnoser]
public class ImageCodecBenchmarks
{
    private byte[] _jpeg = null!;
    private byte[] _png = null!;
    private byte[] _webp = null!;
    private RgbaImage _image = null!;
    private readonly PngEncoder _requestPng = new(new PngEncoderOptions { CompressionLevel = System.IO.Compression.CompressionLevel.Fastest });

    [GlobalSetup]
    public void Setup()
    {
        using SKBitmap picture = BenchmarkPicture.Make(1024, 768, seed: 7);
        using SKPixmap pixmap = picture.PeekPixels();
        _png = pixmap.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.AllFilters, 6))!.ToArray();
        _jpeg = pixmap.Encode(new SKJpegEncoderOptions(90, SKJpegEncoderDownsample.Downsample420, SKJpegEncoderAlphaOption.Ignore))!.ToArray();
        _webp = pixmap.Encode(new SKWebpEncoderOptions(SKWebpEncoderCompression.Lossy, 90))!.ToArray();
        _image = RgbaImage.FromPixels(1024, 768, picture.GetPixelSpan());
    }

    [Benchmark(Description = "decode JPEG 1024x768")]
    public RgbaImage DecodeJpeg() => ImageCodecs.Default.Decode(_jpeg);

    [Benchmark(Description = "decode PNG 1024x768")]
    public RgbaImage DecodePng() => ImageCodecs.Default.Decode(_png);

    [Benchmark(Description = "decode WebP 1024x768")]
    public RgbaImage DecodeWebp() => ImageCodecs.Default.Decode(_webp);

    [Benchmark(Description = "encode PNG 1024x768")]
    public byte[] EncodePng() => ImageCodecs.Default.Encode(_image, "image/png");

    /// <summary>The setting model requests use (<c>RequestImages</c> in Neptune.Vision): lossless, zlib's fastest level.</summary>
    [Benchmark(Description = "encode PNG 1024x768, zlib fastest (requests)")]
    public byte[] EncodePngForRequests() => _requestPng.Encode(_image);

    [Benchmark(Description = "encode JPEG 1024x768")]
    public byte[] EncodeJpeg() => ImageCodecs.Default.Encode(_image, "image/jpeg");
}

/// <summary>A deterministic photo-like test picture drawn with Skia.</summary>
internal static class BenchmarkPicture
{
    public static SKBitmap Make(int width, int height, int seed)
    {
        var random = new Random(seed);
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var shapes = new SKBitmap(info);
        using (var canvas = new SKCanvas(shapes))
        {
            using var sky = new SKPaint
            {
                Shader = SKShader.CreateLinearGradient(
                    new SKPoint(0, 0),
                    new SKPoint(0, height),
                    [new SKColor(120, 160, 210), new SKColor(230, 220, 200), new SKColor(90, 110, 70)],
                    [0f, 0.55f, 1f],
                    SKShaderTileMode.Clamp),
            };
            canvas.DrawRect(0, 0, width, height, sky);
            using var paint = new SKPaint { IsAntialias = true };
            for (int i = 0; i < 60; i++)
            {
                var color = new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(120, 256));
                float x = random.Next(width), y = random.Next(height), r = random.Next(10, 120);
                using SKShader shade = SKShader.CreateRadialGradient(new SKPoint(x - (r / 3), y - (r / 3)), r * 1.3f, [SKColors.White.WithAlpha(color.Alpha), color], SKShaderTileMode.Clamp);
                paint.Shader = shade;
                if (i % 2 == 0)
                {
                    canvas.DrawCircle(x, y, r, paint);
                }
                else
                {
                    canvas.DrawRoundRect(x, y, r * 1.5f, r, r / 5, r / 5, paint);
                }
            }
        }

        var result = new SKBitmap(info);
        using (var canvas = new SKCanvas(result))
        using (var blur = new SKPaint { ImageFilter = SKImageFilter.CreateBlur(1.2f, 1.2f) })
        using (SKImage image = SKImage.FromBitmap(shapes))
        {
            canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Linear), blur);
        }

        Span<byte> pixels = result.GetPixelSpan();
        for (int i = 0; i < pixels.Length; i += 4)
        {
            int noise = random.Next(-6, 7);
            for (int c = 0; c < 3; c++)
            {
                pixels[i + c] = (byte)Math.Clamp(pixels[i + c] + noise + random.Next(-2, 3), 0, 255);
            }

            pixels[i + 3] = 255;
        }

        return result;
    }
}
