using System.Collections;

namespace Neptune.Clevr;

/// <summary>The scenes of one file, in file order, looked up by image index.</summary>
public sealed class ClevrSceneSet : IReadOnlyList<ClevrScene>
{
    private readonly ClevrScene[] _scenes;
    private readonly Dictionary<int, ClevrScene> _byImageIndex;

    private ClevrSceneSet(ClevrScene[] scenes, Dictionary<int, ClevrScene> byImageIndex)
    {
        _scenes = scenes;
        _byImageIndex = byImageIndex;
    }

    /// <summary>The number of scenes.</summary>
    public int Count => _scenes.Length;

    /// <summary>The scene at a position in the file.</summary>
    /// <param name="index">The position (equal to the image index for the official files).</param>
    public ClevrScene this[int index] => _scenes[index];

    /// <summary>The scene with an image index.</summary>
    /// <param name="imageIndex">The image index.</param>
    /// <returns>The scene.</returns>
    /// <exception cref="KeyNotFoundException">No scene has that image index.</exception>
    public ClevrScene GetByImageIndex(int imageIndex) =>
        _byImageIndex.TryGetValue(imageIndex, out var scene)
            ? scene
            : throw new KeyNotFoundException($"No scene has image_index {imageIndex}.");

    /// <summary>Looks up a scene by image index.</summary>
    /// <param name="imageIndex">The image index.</param>
    /// <param name="scene">The scene, when found.</param>
    /// <returns>Whether a scene has that image index.</returns>
    public bool TryGetByImageIndex(int imageIndex, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out ClevrScene scene) =>
        _byImageIndex.TryGetValue(imageIndex, out scene);

    /// <inheritdoc />
    public IEnumerator<ClevrScene> GetEnumerator() => ((IEnumerable<ClevrScene>)_scenes).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal static ClevrSceneSet Create(IEnumerable<ClevrScene> scenes, string path)
    {
        var list = new List<ClevrScene>();
        var map = new Dictionary<int, ClevrScene>();
        foreach (var scene in scenes)
        {
            if (!map.TryAdd(scene.ImageIndex, scene))
            {
                throw new ClevrDataException(
                    $"{path}, image_index {scene.ImageIndex} (item #{list.Count}): image_index repeats an earlier scene.", path, list.Count);
            }

            list.Add(scene);
        }

        return new ClevrSceneSet(list.ToArray(), map);
    }
}
