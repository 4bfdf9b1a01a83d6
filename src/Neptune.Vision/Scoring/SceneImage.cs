using System.Security.Cryptography;
using Neptune.Imaging;

namespace Neptune.Vision.Scoring;

/// <summary>An image with its content hash (SHA-256 over the size and the RGBA pixels), computed once.</summary>
internal sealed class SceneImage
{
    public SceneImage(RgbaImage image)
    {
        Image = image;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> size = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(size, image.Width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(size[4..], image.Height);
        hash.AppendData(size);
        hash.AppendData(image.Pixels);
        Hash = Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>An image whose hash is known already.</summary>
    public SceneImage(RgbaImage image, string hash)
    {
        Image = image;
        Hash = hash;
    }

    public RgbaImage Image { get; }

    public string Hash { get; }
}
