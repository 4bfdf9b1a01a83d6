using System.Xml.Linq;

namespace Neptune.Architecture.Tests;

/// <summary>What a project under <c>src/</c> is, from its <c>&lt;NeptuneLayer&gt;</c> property (absent: generic).</summary>
internal enum LayerKind
{
    /// <summary>A generic layer: knows no dataset.</summary>
    Generic,

    /// <summary>A dataset plugin over the generic layers.</summary>
    Dataset,

    /// <summary>An application composing generic layers and dataset plugins.</summary>
    Application,
}

/// <summary>One project: its kind, the projects it references and the files it takes from other directories.</summary>
internal sealed record LayerProject(string Name, string Directory, LayerKind Kind, IReadOnlyList<string> References, IReadOnlyList<string> ForeignFiles);

/// <summary>The projects under a source root and the rules their references must follow.</summary>
internal sealed class LayerGraph
{
    private readonly Dictionary<string, LayerProject> _projects;

    private LayerGraph(Dictionary<string, LayerProject> projects)
    {
        _projects = projects;
    }

    public IReadOnlyDictionary<string, LayerProject> Projects => _projects;

    /// <summary>Reads every <c>*.csproj</c> one level under <paramref name="sourceRoot"/>.</summary>
    public static LayerGraph Load(string sourceRoot)
    {
        var projects = new Dictionary<string, LayerProject>(StringComparer.Ordinal);
        foreach (string file in Directory.EnumerateFiles(sourceRoot, "*.csproj", SearchOption.AllDirectories))
        {
            string directory = Path.GetDirectoryName(Path.GetFullPath(file))!;
            XDocument doc = XDocument.Load(file);
            string? kindText = doc.Descendants("NeptuneLayer").Select(e => e.Value.Trim()).SingleOrDefault();
            LayerKind kind = kindText switch
            {
                null or "generic" => LayerKind.Generic,
                "dataset" => LayerKind.Dataset,
                "application" => LayerKind.Application,
                _ => throw new InvalidDataException($"{file}: <NeptuneLayer> is '{kindText}'; expected generic, dataset or application"),
            };
            var references = doc.Descendants("ProjectReference")
                .Select(e => Path.GetFileNameWithoutExtension(e.Attribute("Include")!.Value.Replace('\\', '/')))
                .ToList();
            var foreign = doc.Descendants()
                .Where(e => e.Name.LocalName != "ProjectReference" && e.Attribute("Include") is not null)
                .Select(e => e.Attribute("Include")!.Value.Replace('\\', '/'))
                .Where(p => p.Contains('/', StringComparison.Ordinal) && (p.EndsWith(".cs", StringComparison.Ordinal) || p.Contains('*', StringComparison.Ordinal)))
                .Select(p => Path.GetFullPath(Path.Combine(directory, p)))
                .ToList();
            string name = Path.GetFileNameWithoutExtension(file);
            projects[name] = new LayerProject(name, directory, kind, references, foreign);
        }

        return new LayerGraph(projects);
    }

    /// <summary>Every project <paramref name="name"/> depends on, directly or not.</summary>
    public IReadOnlySet<string> Closure(string name)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>([name]);
        while (stack.TryPop(out string? current))
        {
            if (!_projects.TryGetValue(current, out LayerProject? p))
            {
                continue;
            }

            foreach (string r in p.References)
            {
                if (seen.Add(r))
                {
                    stack.Push(r);
                }
            }
        }

        return seen;
    }

    /// <summary>
    /// The violations, one line each: a generic layer that reaches a dataset or an application (by reference, directly
    /// or not, or by compiling its files), or a dataset that reaches an application.
    /// </summary>
    public IReadOnlyList<string> Violations()
    {
        var violations = new List<string>();
        foreach (LayerProject p in _projects.Values.Where(p => p.Kind != LayerKind.Application).OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            foreach (string dependency in Closure(p.Name).Order(StringComparer.Ordinal))
            {
                if (_projects.TryGetValue(dependency, out LayerProject? d) && Forbidden(p.Kind, d.Kind))
                {
                    bool direct = p.References.Contains(dependency, StringComparer.Ordinal);
                    violations.Add($"{p.Name} ({Describe(p.Kind)}) {(direct ? "references" : "depends through other projects on")} {d.Name} ({Describe(d.Kind)})");
                }
            }

            foreach (string file in p.ForeignFiles)
            {
                LayerProject? owner = _projects.Values.FirstOrDefault(o => file.StartsWith(o.Directory + Path.DirectorySeparatorChar, StringComparison.Ordinal));
                if (owner is not null && owner != p && Forbidden(p.Kind, owner.Kind))
                {
                    violations.Add($"{p.Name} ({Describe(p.Kind)}) compiles {Path.GetFileName(file)} of {owner.Name} ({Describe(owner.Kind)})");
                }
            }
        }

        return violations;
    }

    private static bool Forbidden(LayerKind from, LayerKind to) => (from, to) switch
    {
        (LayerKind.Generic, LayerKind.Dataset or LayerKind.Application) => true,
        (LayerKind.Dataset, LayerKind.Application) => true,
        _ => false,
    };

    private static string Describe(LayerKind kind) => kind switch
    {
        LayerKind.Generic => "a generic layer",
        LayerKind.Dataset => "a dataset",
        _ => "an application",
    };
}
