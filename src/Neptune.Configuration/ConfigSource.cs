namespace Neptune.Configuration;

/// <summary>Where config values come from: a file (relative paths resolve against its folder) or the command line (against the working directory).</summary>
public sealed record ConfigSource
{
    /// <summary>How messages name the source: the file's path as the user would write it, or <c>the command line</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The directory relative paths resolve against.</summary>
    public required string BaseDirectory { get; init; }

    /// <summary>Whether the values are flags, named <c>--field-name</c> in messages.</summary>
    public bool IsCommandLine { get; init; }

    /// <summary>The source of a config file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The source; relative paths in it resolve against its folder.</returns>
    public static ConfigSource File(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = System.IO.Path.GetFullPath(path);
        return new ConfigSource { Name = Display(full), BaseDirectory = System.IO.Path.GetDirectoryName(full)! };
    }

    /// <summary>The source of command-line flags.</summary>
    /// <param name="workingDirectory">The directory relative paths resolve against; the current directory when null.</param>
    /// <returns>The source.</returns>
    public static ConfigSource CommandLine(string? workingDirectory = null) =>
        new() { Name = "the command line", BaseDirectory = workingDirectory ?? Directory.GetCurrentDirectory(), IsCommandLine = true };

    /// <summary>A path as messages show it: relative to the working directory when inside it, else absolute.</summary>
    /// <param name="fullPath">An absolute path.</param>
    /// <returns>The text.</returns>
    public static string Display(string fullPath)
    {
        ArgumentNullException.ThrowIfNull(fullPath);
        string cwd = Directory.GetCurrentDirectory();
        string relative = System.IO.Path.GetRelativePath(cwd, fullPath);
        return relative == "." || relative.StartsWith("..", StringComparison.Ordinal) || System.IO.Path.IsPathRooted(relative) ? fullPath : relative;
    }

    /// <summary>How a message names a field of this source: <c>`vision.max_image_side` in x.json</c> or <c>--noise-seed</c>.</summary>
    /// <param name="fieldPath">The dotted field path.</param>
    /// <returns>The text.</returns>
    public string Where(string fieldPath) => IsCommandLine ? FieldNames.ToFlag(fieldPath) : $"`{fieldPath}` in {Name}";

    /// <summary>Resolves a path written in this source.</summary>
    /// <param name="path">The path as written.</param>
    /// <returns>The absolute path.</returns>
    public string Resolve(string path) => System.IO.Path.GetFullPath(path, BaseDirectory);
}
