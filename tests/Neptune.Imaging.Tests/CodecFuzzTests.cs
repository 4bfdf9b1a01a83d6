using CsCheck;
using Neptune.Imaging.Codecs;

namespace Neptune.Imaging.Tests;

/// <summary>
/// Property tests of decoding on CsCheck, from the real fixture files of every format: byte mutations, truncations
/// and splices must give an image or an <see cref="ImageDecodeException"/>, never another exception or a crash. A
/// failing input is shrunk and reported with its seed; rerun it with <c>CsCheck_Seed=SEED</c> (and search longer
/// with <c>CsCheck_Iter=N</c>).
/// </summary>
public sealed class CodecFuzzTests
{
    private static readonly string[] Files =
    [
        "rgba8.png", "rgb16-adam7.png", "pal4.png", "gray1-adam7.png", "jpeg/baseline-420.jpg", "jpeg/progressive-420.jpg",
        "jpeg/progressive-restart.jpg", "jpeg/orient-6.jpg", "formats/photo-lossy.webp", "formats/rgb8-lossless.webp",
        "formats/pal8.gif", "formats/animated.gif", "formats/rgb8.bmp", "formats/rgba8.bmp",
    ];

    private static readonly byte[][] Originals = [.. Files.Select(Fixtures.Read)];

    private static readonly SkiaImageDecoder Decoder = new(new ImageDecoderOptions { MaxPixelCount = 1 << 20 });

    /// <summary>A file and up to eight (position, byte) overwrites after its signature.</summary>
    private static readonly Gen<(int File, (int At, byte Value)[] Edits)> Mutations =
        Gen.Int[0, Files.Length - 1].SelectMany(file =>
            Gen.Select(Gen.Int[12, Originals[file].Length - 1], Gen.Byte).Array[1, 8].Select(edits => (file, edits)));

    [Fact]
    public void Decode_ByteMutationsOfRealFiles_GiveAnImageOrATypedError()
    {
        Mutations.Sample(
            m =>
            {
                byte[] data = (byte[])Originals[m.File].Clone();
                foreach ((int at, byte value) in m.Edits)
                {
                    data[at] = value;
                }

                DecodesOrFailsTyped(data);
            },
            iter: 2_000,
            print: m => $"{Files[m.File]} with {string.Join(", ", m.Edits.Select(e => $"[{e.At}]={e.Value:X2}"))}");
    }

    [Fact]
    public void Decode_TruncationsAndSplicesOfRealFiles_GiveAnImageOrATypedError()
    {
        Gen<(int File, int Length, int Other, int From)> cuts =
            Gen.Int[0, Files.Length - 1].SelectMany(file => Gen.Select(
                Gen.Int[0, Originals[file].Length],
                Gen.Int[0, Files.Length - 1],
                Gen.Int[0, 1_000]).Select((length, other, from) => (file, length, other, from)));
        cuts.Sample(
            c =>
            {
                byte[] head = Originals[c.File][..c.Length];
                byte[] tail = Originals[c.Other][Math.Min(c.From, Originals[c.Other].Length)..];
                DecodesOrFailsTyped(head);
                DecodesOrFailsTyped([.. head, .. tail]);
                IdentifiesOrFailsTyped(head); // header reads obey the same rule
            },
            iter: 1_000,
            print: c => $"{Files[c.File]}[..{c.Length}] + {Files[c.Other]}[{c.From}..]");
    }

    private static void IdentifiesOrFailsTyped(byte[] data)
    {
        try
        {
            ImageInfo info = Decoder.Identify(data);
            Assert.True(info.Width > 0 && info.Height > 0 && info.Frames >= 1 && info.Orientation is >= 1 and <= 8);
        }
        catch (ImageDecodeException e)
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
        }
    }

    private static void DecodesOrFailsTyped(byte[] data)
    {
        try
        {
            RgbaImage image = Decoder.Decode(data);
            Assert.True(image.Width > 0 && image.Height > 0);
            Assert.True((long)image.Width * image.Height <= Decoder.Options.MaxPixelCount);
        }
        catch (ImageDecodeException e)
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
        }
    }
}
