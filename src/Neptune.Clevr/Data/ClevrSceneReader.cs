using System.Text.Json;
using Neptune.Clevr.Internal;

namespace Neptune.Clevr;

/// <summary>
/// Reads CLEVR v1.0 scene files (<c>{"info": …, "scenes": [ … ]}</c> or a bare array): streamed one scene at a time,
/// or loaded whole into a <see cref="ClevrSceneSet"/>.
/// </summary>
/// <remarks>
/// Required per scene: <c>image_index</c>, <c>objects</c> and <c>relationships</c> (left, right, front, behind; one list
/// per object, indices in range and never the object itself). Required per object: <c>shape</c>, <c>color</c>,
/// <c>material</c>, <c>size</c> (official values) and <c>pixel_coords</c>; <c>3d_coords</c> and <c>rotation</c> are
/// optional. Unknown fields are ignored.
/// </remarks>
public static class ClevrSceneReader
{
    private const string ArrayProperty = "scenes";

    /// <summary>Reads the scenes of a file, one at a time.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The scenes, in file order.</returns>
    /// <exception cref="ClevrDataException">The file is malformed (raised while enumerating).</exception>
    public static IEnumerable<ClevrScene> Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return ClevrArrayReader<ClevrScene>.Enumerate(() => ClevrQuestionReader.OpenFile(path, asynchronous: false), path, ownsStream: true, ArrayProperty, "scene", Parse);
    }

    /// <summary>Reads scenes from a stream, one at a time. The stream is not disposed.</summary>
    /// <param name="stream">The JSON data.</param>
    /// <param name="sourceName">A name for the data, used in error messages.</param>
    /// <returns>The scenes, in order.</returns>
    public static IEnumerable<ClevrScene> Read(Stream stream, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ClevrArrayReader<ClevrScene>.Enumerate(() => stream, sourceName, ownsStream: false, ArrayProperty, "scene", Parse);
    }

    /// <summary>Reads the scenes of a file asynchronously, one at a time.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    /// <returns>The scenes, in file order.</returns>
    public static IAsyncEnumerable<ClevrScene> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return ClevrArrayReader<ClevrScene>.EnumerateAsync(() => ClevrQuestionReader.OpenFile(path, asynchronous: true), path, ownsStream: true, ArrayProperty, "scene", Parse, cancellationToken);
    }

    /// <summary>Reads scenes from a stream asynchronously. The stream is not disposed.</summary>
    /// <param name="stream">The JSON data.</param>
    /// <param name="sourceName">A name for the data, used in error messages.</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    /// <returns>The scenes, in order.</returns>
    public static IAsyncEnumerable<ClevrScene> ReadAsync(Stream stream, string sourceName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ClevrArrayReader<ClevrScene>.EnumerateAsync(() => stream, sourceName, ownsStream: false, ArrayProperty, "scene", Parse, cancellationToken);
    }

    /// <summary>Loads every scene of a file (for files of a few thousand scenes).</summary>
    /// <param name="path">The file.</param>
    /// <returns>The scenes, looked up by image index.</returns>
    /// <exception cref="ClevrDataException">The file is malformed or repeats an image index.</exception>
    public static ClevrSceneSet LoadAll(string path) => ClevrSceneSet.Create(Read(path), path);

    /// <summary>Loads every scene of a file asynchronously.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>The scenes, looked up by image index.</returns>
    public static async Task<ClevrSceneSet> LoadAllAsync(string path, CancellationToken cancellationToken = default)
    {
        var scenes = new List<ClevrScene>();
        await foreach (var scene in ReadAsync(path, cancellationToken).ConfigureAwait(false))
        {
            scenes.Add(scene);
        }

        return ClevrSceneSet.Create(scenes, path);
    }

    private static ClevrScene Parse(JsonTokenSource source)
    {
        int? imageIndex = null;
        string? imageFilename = null, split = null;
        List<ClevrObject>? objects = null;
        Dictionary<ClevrRelation, int[][]>? relations = null;
        Dictionary<string, ClevrVector>? directions = null;
        long sceneOffset = source.TokenOffset;
        while (true)
        {
            source.ReadRequired("a property or the end of the scene");
            if (source.TokenType == JsonTokenType.EndObject)
            {
                break;
            }

            if (source.TextEquals("image_index"))
            {
                imageIndex = JsonText.ReadInt(source, "image_index");
                if (imageIndex is int ii)
                {
                    source.ItemLabel = ("image_index", ii);
                }
            }
            else if (source.TextEquals("image_filename"))
            {
                imageFilename = JsonText.ReadString(source, "image_filename");
            }
            else if (source.TextEquals("split"))
            {
                split = JsonText.ReadString(source, "split");
            }
            else if (source.TextEquals("objects"))
            {
                objects = ReadObjects(source);
            }
            else if (source.TextEquals("relationships"))
            {
                relations = ReadRelationships(source);
            }
            else if (source.TextEquals("directions"))
            {
                directions = ReadDirections(source);
            }
            else
            {
                source.SkipValue();
            }
        }

        if (imageIndex is null)
        {
            throw source.Error("missing required field 'image_index'.", sceneOffset);
        }

        if (objects is null)
        {
            throw source.Error("missing required field 'objects'.", sceneOffset);
        }

        if (relations is null)
        {
            throw source.Error("missing required field 'relationships'.", sceneOffset);
        }

        var lists = new int[4][][];
        for (int r = 0; r < 4; r++)
        {
            var relation = (ClevrRelation)r;
            string name = ClevrVocabulary.NameOf(relation);
            if (!relations.TryGetValue(relation, out var perObject))
            {
                throw source.Error($"relationships: missing required relation '{name}'.", sceneOffset);
            }

            if (perObject.Length != objects.Count)
            {
                throw source.Error($"relationships.{name} has {perObject.Length} lists, but the scene has {objects.Count} objects.", sceneOffset);
            }

            for (int i = 0; i < perObject.Length; i++)
            {
                foreach (int j in perObject[i])
                {
                    if (j < 0 || j >= objects.Count || j == i)
                    {
                        throw source.Error(
                            $"relationships.{name}[{i}] holds {j}, which is not another object of the scene (0..{objects.Count - 1}).",
                            sceneOffset);
                    }
                }

                Array.Sort(perObject[i]);
            }

            lists[r] = perObject;
        }

        return new ClevrScene
        {
            ImageIndex = imageIndex.Value,
            ImageFilename = imageFilename,
            Split = split,
            Objects = objects.ToArray(),
            Relationships = new ClevrRelationships(lists[0], lists[1], lists[2], lists[3]),
            Directions = directions ?? new Dictionary<string, ClevrVector>(),
        };
    }

    private static List<ClevrObject> ReadObjects(JsonTokenSource source)
    {
        JsonText.ExpectArrayStart(source, "objects");
        var objects = new List<ClevrObject>();
        while (true)
        {
            source.ReadRequired("an object or the end of 'objects'");
            if (source.TokenType == JsonTokenType.EndArray)
            {
                return objects;
            }

            if (source.TokenType != JsonTokenType.StartObject)
            {
                throw source.Error($"objects[{objects.Count}] must be an object, found {JsonText.Describe(source.TokenType)}.");
            }

            objects.Add(ReadObject(source, objects.Count));
        }
    }

    private static ClevrObject ReadObject(JsonTokenSource source, int index)
    {
        string? shape = null, color = null, material = null, size = null;
        ClevrVector coords = default;
        ClevrPixelCoordinates? pixel = null;
        double rotation = 0;
        long offset = source.TokenOffset;
        while (true)
        {
            source.ReadRequired("a property or the end of", new FieldName("objects", index));
            if (source.TokenType == JsonTokenType.EndObject)
            {
                break;
            }

            if (source.TextEquals("shape"))
            {
                shape = ReadValue(source, index, ClevrAttribute.Shape);
            }
            else if (source.TextEquals("color"))
            {
                color = ReadValue(source, index, ClevrAttribute.Color);
            }
            else if (source.TextEquals("material"))
            {
                material = ReadValue(source, index, ClevrAttribute.Material);
            }
            else if (source.TextEquals("size"))
            {
                size = ReadValue(source, index, ClevrAttribute.Size);
            }
            else if (source.TextEquals("3d_coords"))
            {
                var (x, y, z) = JsonText.ReadTriple(source, new FieldName("objects", index, "3d_coords"));
                coords = new ClevrVector(x, y, z);
            }
            else if (source.TextEquals("pixel_coords"))
            {
                var (x, y, d) = JsonText.ReadTriple(source, new FieldName("objects", index, "pixel_coords"));
                pixel = new ClevrPixelCoordinates(x, y, d);
            }
            else if (source.TextEquals("rotation"))
            {
                rotation = JsonText.ReadDouble(source, new FieldName("objects", index, "rotation")) ?? 0;
            }
            else
            {
                source.SkipValue();
            }
        }

        return new ClevrObject
        {
            Shape = shape ?? throw source.Error($"objects[{index}]: missing required field 'shape'.", offset),
            Color = color ?? throw source.Error($"objects[{index}]: missing required field 'color'.", offset),
            Material = material ?? throw source.Error($"objects[{index}]: missing required field 'material'.", offset),
            Size = size ?? throw source.Error($"objects[{index}]: missing required field 'size'.", offset),
            Coordinates3D = coords,
            PixelCoordinates = pixel ?? throw source.Error($"objects[{index}]: missing required field 'pixel_coords'.", offset),
            Rotation = rotation,
        };
    }

    private static string ReadValue(JsonTokenSource source, int index, ClevrAttribute attribute)
    {
        var field = new FieldName("objects", index, ClevrVocabulary.NameOf(attribute));
        source.ReadRequired("the value of", field);
        if (source.TokenType != JsonTokenType.String)
        {
            throw JsonText.WrongType(source, field, "a string");
        }

        foreach (string value in ClevrVocabulary.ValueArray(attribute))
        {
            if (source.TextEquals(value))
            {
                return value;
            }
        }

        throw source.Error(
            $"field '{field}' has unknown value '{source.GetString()}' (expected one of {string.Join(", ", ClevrVocabulary.ValueArray(attribute))}).");
    }

    private static Dictionary<ClevrRelation, int[][]> ReadRelationships(JsonTokenSource source)
    {
        JsonText.ExpectObjectStart(source, "relationships");
        var result = new Dictionary<ClevrRelation, int[][]>(4);
        var scratch = new List<int>(10);
        while (true)
        {
            source.ReadRequired("a relation or the end of 'relationships'");
            if (source.TokenType == JsonTokenType.EndObject)
            {
                return result;
            }

            string name = source.GetString();
            if (!ClevrVocabulary.TryParseRelation(name, out var relation))
            {
                source.SkipValue();
                continue;
            }

            string path = "relationships." + name;
            JsonText.ExpectArrayStart(source, path);
            var lists = new List<int[]>();
            while (true)
            {
                // Peek by reading: either the end of the outer array or one inner list.
                source.ReadRequired("a list or the end of", path);
                if (source.TokenType == JsonTokenType.EndArray)
                {
                    break;
                }

                if (source.TokenType != JsonTokenType.StartArray)
                {
                    throw JsonText.WrongType(source, new FieldName(path, lists.Count), "an array of integers");
                }

                scratch.Clear();
                while (true)
                {
                    source.ReadRequired("an integer in", new FieldName(path, lists.Count));
                    if (source.TokenType == JsonTokenType.EndArray)
                    {
                        break;
                    }

                    scratch.Add(JsonText.ExpectInt(source, new FieldName(path, lists.Count)));
                }

                lists.Add(scratch.ToArray());
            }

            result[relation] = lists.ToArray();
        }
    }

    private static Dictionary<string, ClevrVector> ReadDirections(JsonTokenSource source)
    {
        JsonText.ExpectObjectStart(source, "directions");
        var result = new Dictionary<string, ClevrVector>(6, StringComparer.Ordinal);
        while (true)
        {
            source.ReadRequired("a direction or the end of 'directions'");
            if (source.TokenType == JsonTokenType.EndObject)
            {
                return result;
            }

            string name = source.GetString();
            var (x, y, z) = JsonText.ReadTriple(source, $"directions.{name}");
            result[name] = new ClevrVector(x, y, z);
        }
    }
}
