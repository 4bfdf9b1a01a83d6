using System.Text;

namespace Neptune.Configuration;

/// <summary>
/// Reads input files with messages that say what went wrong: a directory where a file is expected, a missing file, a
/// binary or non-UTF-8 file (never silently decoded with replacement characters).
/// </summary>
public static class InputFiles
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Checks that a path names an existing file.</summary>
    /// <param name="path">The path.</param>
    /// <param name="what">How messages name it (<c>--image</c>, <c>`programs` in x.json</c>, <c>program file</c>).</param>
    /// <returns>The absolute path.</returns>
    /// <exception cref="InputFileException">It is a directory or does not exist.</exception>
    public static string RequireFile(string path, string what)
    {
        ArgumentNullException.ThrowIfNull(path);
        string full = FullPath(path, what);
        if (Directory.Exists(full))
        {
            throw new InputFileException($"{what}: '{ConfigSource.Display(full)}' is a directory, expected a file");
        }

        if (!File.Exists(full))
        {
            string? parent = Path.GetDirectoryName(full);
            string hint = parent is not null && !Directory.Exists(parent) ? $" (directory '{ConfigSource.Display(parent)}' does not exist)" : string.Empty;
            throw new InputFileException($"{what}: file not found: '{ConfigSource.Display(full)}'{hint}");
        }

        return full;
    }

    /// <summary>Checks that a path names an existing directory.</summary>
    /// <param name="path">The path.</param>
    /// <param name="what">How messages name it.</param>
    /// <returns>The absolute path.</returns>
    /// <exception cref="InputFileException">It is a file or does not exist.</exception>
    public static string RequireDirectory(string path, string what)
    {
        ArgumentNullException.ThrowIfNull(path);
        string full = FullPath(path, what);
        if (File.Exists(full))
        {
            throw new InputFileException($"{what}: '{ConfigSource.Display(full)}' is a file, expected a directory");
        }

        return Directory.Exists(full) ? full : throw new InputFileException($"{what}: directory not found: '{ConfigSource.Display(full)}'");
    }

    /// <summary>Checks that a path may be written as a file: not an existing directory.</summary>
    /// <param name="path">The path.</param>
    /// <param name="what">How messages name it.</param>
    /// <returns>The absolute path.</returns>
    /// <exception cref="InputFileException">It is a directory.</exception>
    public static string RequireWritableFile(string path, string what)
    {
        ArgumentNullException.ThrowIfNull(path);
        string full = FullPath(path, what);
        return Directory.Exists(full)
            ? throw new InputFileException($"{what}: '{ConfigSource.Display(full)}' is a directory, expected a file")
            : full;
    }

    /// <summary>Checks that a path may be used as an output directory: not an existing file.</summary>
    /// <param name="path">The path.</param>
    /// <param name="what">How messages name it.</param>
    /// <returns>The absolute path.</returns>
    /// <exception cref="InputFileException">It is a file.</exception>
    public static string RequireWritableDirectory(string path, string what)
    {
        ArgumentNullException.ThrowIfNull(path);
        string full = FullPath(path, what);
        return File.Exists(full)
            ? throw new InputFileException($"{what}: '{ConfigSource.Display(full)}' is a file, expected a directory")
            : full;
    }

    /// <summary>Reads a UTF-8 text file (a leading byte-order mark is skipped).</summary>
    /// <param name="path">The file.</param>
    /// <param name="what">How messages name it.</param>
    /// <returns>The text.</returns>
    /// <exception cref="InputFileException">The file is missing, a directory, unreadable, binary or not valid UTF-8.</exception>
    public static string ReadText(string path, string what)
    {
        string full = RequireFile(path, what);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(full);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new InputFileException($"{what}: permission denied: '{ConfigSource.Display(full)}'", e);
        }
        catch (IOException e)
        {
            throw new InputFileException($"{what}: cannot read '{ConfigSource.Display(full)}': {e.Message}", e);
        }

        return DecodeText(bytes, $"{what}: '{ConfigSource.Display(full)}'");
    }

    /// <summary>Decodes UTF-8 text strictly.</summary>
    /// <param name="bytes">The bytes.</param>
    /// <param name="what">How messages name the text.</param>
    /// <returns>The text.</returns>
    /// <exception cref="InputFileException">The bytes are binary or not valid UTF-8.</exception>
    public static string DecodeText(ReadOnlySpan<byte> bytes, string what)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }

        if (Kind(bytes) is { } kind)
        {
            throw new InputFileException($"{what} is {kind}, not a text file");
        }

        int nul = bytes.IndexOf((byte)0);
        if (nul >= 0)
        {
            throw new InputFileException($"{what} is a binary file (a zero byte at offset {nul}), not text");
        }

        try
        {
            return Strict.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            string at = e.Index >= 0 ? $" at offset {e.Index}" : string.Empty;
            string bad = e.BytesUnknown is { Length: > 0 } b ? $" (byte 0x{b[0]:X2}{at})" : at;
            throw new InputFileException($"{what} is not valid UTF-8 text{bad}", e);
        }
    }

    private static string? Kind(ReadOnlySpan<byte> b) =>
        b.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? "a JPEG image"
        : b.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G']) ? "a PNG image"
        : b.StartsWith("GIF8"u8) ? "a GIF image"
        : b.StartsWith("%PDF"u8) ? "a PDF document"
        : b.StartsWith((ReadOnlySpan<byte>)[(byte)'P', (byte)'K', 3, 4]) ? "a ZIP archive"
        : b.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B]) ? "a gzip archive"
        : b.StartsWith((ReadOnlySpan<byte>)[0x7F, (byte)'E', (byte)'L', (byte)'F']) ? "an executable"
        : null;

    private static string FullPath(string path, string what)
    {
        if (path.Length == 0)
        {
            throw new InputFileException($"{what}: empty path");
        }

        try
        {
            return Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new InputFileException($"{what}: '{path}' is not a valid path ({e.Message})", e);
        }
    }
}
