using Neptune.Imaging.Codecs;

namespace Neptune.Imaging.Tests.Jpeg;

/// <summary>
/// Decodes files written by cjpeg and compares with libjpeg-turbo's djpeg (-dct int, fancy upsampling); see
/// Fixtures/jpeg/make-fixtures.sh. The decoder implements the same IDCT, upsampling and colour conversion, so the
/// tolerance is 0 for every layout: pixels must be identical to djpeg's.
/// </summary>
public sealed class JpegDecoderFixtureTests
{
    private const int Tolerance = 0;

    public static TheoryData<string, int, int> AllFixtures() => new()
    {
        { "baseline-444", 48, 32 },
        { "baseline-422", 48, 32 },
        { "baseline-420", 48, 32 },
        { "baseline-440", 48, 32 },
        { "baseline-411", 48, 32 },
        { "grayscale", 48, 32 },
        { "optimized", 48, 32 },
        { "restart", 48, 32 },
        { "progressive-420", 48, 32 },
        { "progressive-444", 48, 32 },
        { "progressive-restart", 48, 32 },
        { "progressive-gray", 48, 32 },
        { "extended-q16", 48, 32 },
        { "adobe-rgb", 48, 32 },
        { "odd-420", 37, 23 },
        { "odd-progressive-422", 37, 23 },
        { "tiny-420", 3, 5 },
        { "orient-1", 40, 24 },
    };

    [Theory]
    [MemberData(nameof(AllFixtures))]
    public void Decode_Fixture_MatchesDjpegPixels(string name, int width, int height)
    {
        RgbaImage image = new SkiaImageDecoder().Decode(JpegFixtures.Read(name + ".jpg"));
        RgbaImage expected = JpegFixtures.ReadReference(name);

        Assert.Equal(width, image.Width);
        Assert.Equal(height, image.Height);
        (int max, double mean) = JpegFixtures.Difference(image, expected);
        Assert.True(max <= Tolerance, $"{name}: largest channel difference {max} exceeds {Tolerance} (mean {mean:F4}).");
        Assert.True(mean <= 0.01, $"{name}: mean channel difference {mean:F4}.");
    }
}
