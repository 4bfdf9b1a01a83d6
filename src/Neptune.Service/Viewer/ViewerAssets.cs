using System.Reflection;

namespace Neptune.Service.Viewer;

/// <summary>
/// The viewer's files, embedded in the assembly (<c>Viewer/wwwroot/*</c> and the sample data), so the server needs no
/// content folder beside it and serves the same bytes wherever it runs; nothing is fetched from another host.
/// </summary>
internal static class ViewerAssets
{
    private const string Prefix = "Neptune.Service.Viewer.";

    private static readonly Assembly Assembly = typeof(ViewerAssets).Assembly;

    /// <summary>The files under <c>wwwroot</c> by name, with their media types.</summary>
    public static IReadOnlyDictionary<string, string> Files { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["index.html"] = "text/html; charset=utf-8",
        ["viewer.css"] = "text/css; charset=utf-8",
        ["viewer.js"] = "text/javascript; charset=utf-8",
    };

    /// <summary>Opens an embedded file by its logical name.</summary>
    /// <exception cref="InvalidOperationException">The file is not embedded (a build fault).</exception>
    public static Stream Open(string name) =>
        Assembly.GetManifestResourceStream(Prefix + name) ?? throw new InvalidOperationException($"the viewer file '{name}' is not embedded in {Assembly.GetName().Name}");

    /// <summary>Reads a <c>wwwroot</c> file's bytes.</summary>
    public static byte[] Read(string name)
    {
        using Stream stream = Open("wwwroot." + name);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
