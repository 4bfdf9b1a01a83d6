using Neptune.Imaging.Jpeg;

namespace Neptune.Imaging.Tests.Jpeg;

/// <summary>Seeded mutations of real files: every outcome must be an image or an <see cref="ImageDecodeException"/>.</summary>
public sealed class JpegDecoderFuzzTests
{
    private static readonly string[] Seeds =
    [
        "baseline-420.jpg", "baseline-444.jpg", "baseline-411.jpg", "grayscale.jpg", "restart.jpg", "progressive-420.jpg",
        "progressive-restart.jpg", "odd-progressive-422.jpg", "extended-q16.jpg", "orient-6.jpg", "tiny-420.jpg",
    ];

    [Fact]
    public void Decode_SeededMutations_SucceedOrRaiseTypedError()
    {
        const int cases = 4000;
        var random = new Random(20240611);
        byte[][] seeds = [.. Seeds.Select(JpegFixtures.Read)];
        var decoder = new JpegDecoder(new JpegDecoderOptions { MaxPixelCount = 1 << 20 });
        int decoded = 0;
        int rejected = 0;
        for (int i = 0; i < cases; i++)
        {
            byte[] data = Mutate(seeds[random.Next(seeds.Length)], random);
            try
            {
                RgbaImage image = decoder.Decode(data);
                Assert.True(image.Width > 0 && image.Height > 0);
                decoded++;
            }
            catch (ImageDecodeException)
            {
                rejected++;
            }
            catch (Exception ex)
            {
                Assert.Fail($"Case {i}: {ex.GetType().Name} escaped: {ex.Message}\n{Convert.ToHexString(data)}");
            }
        }

        // Both outcomes must be exercised for the run to mean anything.
        Assert.True(decoded > cases / 20, $"only {decoded} mutants decoded");
        Assert.True(rejected > cases / 20, $"only {rejected} mutants rejected");
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        byte[] data = (byte[])seed.Clone();
        switch (random.Next(6))
        {
            case 0:
                // Flip bits anywhere.
                for (int n = random.Next(1, 5); n > 0; n--)
                {
                    data[random.Next(data.Length)] ^= (byte)(1 << random.Next(8));
                }

                return data;
            case 1:
                // Overwrite bytes in the headers, where every field matters.
                int headerEnd = Math.Min(data.Length, 700);
                for (int n = random.Next(1, 4); n > 0; n--)
                {
                    data[random.Next(2, headerEnd)] = (byte)random.Next(256);
                }

                return data;
            case 2:
                // Insert marker-like bytes.
                int at = random.Next(2, data.Length);
                byte[] marker = [0xFF, (byte)random.Next(256)];
                return [.. data[..at], .. marker, .. data[at..]];
            case 3:
                // Truncate.
                return data[..random.Next(data.Length)];
            case 4:
                // Delete a run of bytes.
                int from = random.Next(2, data.Length);
                int to = Math.Min(data.Length, from + random.Next(1, 16));
                return [.. data[..from], .. data[to..]];
            default:
                // Extreme values in a random 16-bit field.
                int field = random.Next(2, data.Length - 1);
                data[field] = random.Next(2) == 0 ? (byte)0xFF : (byte)0x00;
                data[field + 1] = random.Next(2) == 0 ? (byte)0xFF : (byte)0x00;
                return data;
        }
    }
}
