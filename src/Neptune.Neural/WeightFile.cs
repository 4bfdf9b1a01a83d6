using System.Text;

namespace Neptune.Neural;

/// <summary>A weight file is missing, truncated, of another format, or does not match the network it is loaded into.</summary>
public sealed class WeightFileException(string message) : Exception(message);

/// <summary>
/// Saves and loads parameter values: the magic <c>NPTW</c>, a version, then per parameter its name, rank, dimensions
/// and little-endian floats. Loading checks names and shapes against the network's parameters.
/// </summary>
public static class WeightFile
{
    private const uint Magic = 0x5754504E; // "NPTW"
    private const int Version = 1;

    /// <summary>Writes the parameters' values.</summary>
    /// <param name="stream">The destination.</param>
    /// <param name="parameters">The parameters, in network order.</param>
    public static void Save(Stream stream, IReadOnlyList<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(parameters);
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(Version);
        writer.Write(parameters.Count);
        foreach (Parameter p in parameters)
        {
            writer.Write(p.Name);
            writer.Write(p.Shape.Count);
            foreach (int d in p.Shape)
            {
                writer.Write(d);
            }

            foreach (float v in p.Value)
            {
                writer.Write(v);
            }
        }
    }

    /// <summary>Reads values into parameters of the same names and shapes, in the same order.</summary>
    /// <param name="stream">The source.</param>
    /// <param name="parameters">The network's parameters.</param>
    /// <exception cref="WeightFileException">The file is not a weight file or does not match.</exception>
    public static void Load(Stream stream, IReadOnlyList<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(parameters);
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            if (reader.ReadUInt32() != Magic)
            {
                throw new WeightFileException("not a Neptune weight file (bad magic)");
            }

            int version = reader.ReadInt32();
            if (version != Version)
            {
                throw new WeightFileException($"weight file version {version} is not supported (expected {Version})");
            }

            int count = reader.ReadInt32();
            if (count != parameters.Count)
            {
                throw new WeightFileException($"the file holds {count} parameters; the network has {parameters.Count}");
            }

            var values = new float[count][];
            for (int i = 0; i < count; i++)
            {
                Parameter p = parameters[i];
                string name = reader.ReadString();
                int rank = reader.ReadInt32();
                if (rank is < 0 or > 8)
                {
                    throw new WeightFileException($"parameter '{name}' has rank {rank}");
                }

                var shape = new int[rank];
                for (int d = 0; d < rank; d++)
                {
                    shape[d] = reader.ReadInt32();
                }

                if (name != p.Name || !shape.SequenceEqual(p.Shape))
                {
                    throw new WeightFileException($"parameter {i} is '{name}' [{string.Join('x', shape)}] in the file but '{p.Name}' [{string.Join('x', p.Shape)}] in the network");
                }

                values[i] = new float[p.Length];
                for (int j = 0; j < values[i].Length; j++)
                {
                    values[i][j] = reader.ReadSingle();
                }
            }

            for (int i = 0; i < count; i++)
            {
                values[i].CopyTo(parameters[i].Value, 0);
            }
        }
        catch (EndOfStreamException)
        {
            throw new WeightFileException("the weight file is truncated");
        }
    }
}
