namespace Neptune.Architecture.Tests;

public sealed class LayerGraphTests
{
    private static string SourceRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Neptune.slnx")))
            {
                return Path.Combine(dir.FullName, "src");
            }
        }

        throw new DirectoryNotFoundException($"no Neptune.slnx above {AppContext.BaseDirectory}");
    }

    [Fact]
    public void Source_EveryProject_PointsOneWayFromGenericLayersToDatasetsToApplications()
    {
        LayerGraph graph = LayerGraph.Load(SourceRoot());

        IReadOnlyList<string> violations = graph.Violations();
        Assert.True(violations.Count == 0, "layers must point one way:\n" + string.Join('\n', violations));
    }

    [Fact]
    public void Source_Classification_SeesTheModelLayersAsGenericAndClevrAsADataset()
    {
        LayerGraph graph = LayerGraph.Load(SourceRoot());

        Assert.Equal(LayerKind.Generic, graph.Projects["Neptune.Programs"].Kind);
        Assert.Equal(LayerKind.Generic, graph.Projects["Neptune.Vision"].Kind);
        Assert.Equal(LayerKind.Generic, graph.Projects["Neptune.Neural"].Kind);
        Assert.Empty(graph.Closure("Neptune.Neural"));
        Assert.Equal(LayerKind.Generic, graph.Projects["Neptune.Learning"].Kind);
        Assert.Contains("Neptune.Neural", graph.Closure("Neptune.Learning"));
        Assert.Contains("Neptune.Language", graph.Closure("Neptune.Learning"));
        Assert.Equal(LayerKind.Dataset, graph.Projects["Neptune.Mnist"].Kind);
        Assert.Contains("Neptune.Mnist", graph.Closure("Neptune.Cli"));
        Assert.Equal(LayerKind.Generic, graph.Projects["Neptune.Caching"].Kind);
        Assert.Empty(graph.Closure("Neptune.Caching"));
        Assert.Contains("Neptune.Caching", graph.Closure("Neptune.Programs"));
        Assert.Contains("Neptune.Caching", graph.Closure("Neptune.Vision"));
        Assert.Equal(LayerKind.Dataset, graph.Projects["Neptune.Clevr"].Kind);
        Assert.Equal(LayerKind.Dataset, graph.Projects["Neptune.Clevr2D"].Kind);
        Assert.Equal(LayerKind.Application, graph.Projects["Neptune.Cli"].Kind);
        Assert.Contains("Neptune.Programs", graph.Closure("Neptune.Vision"));
        Assert.Contains("Neptune.Clevr", graph.Closure("Neptune.Cli"));
        Assert.Equal(LayerKind.Application, graph.Projects["Neptune.Service"].Kind);
        Assert.Contains("Neptune.Language", graph.Closure("Neptune.Service"));
        Assert.Contains("Neptune.Service", graph.Closure("Neptune.Cli"));
        Assert.DoesNotContain(graph.Projects.Values, p => p.Kind != LayerKind.Application && graph.Closure(p.Name).Contains("Neptune.Service"));
        Assert.Contains("Neptune.Evaluation", graph.Closure("Neptune.Cluster"));
        Assert.Contains("Neptune.Cluster", graph.Closure("Neptune.Cli"));
        Assert.DoesNotContain(graph.Projects.Values, p => p.Name != "Neptune.Cli" && p.Name != "Neptune.Cluster" && graph.Closure(p.Name).Contains("Neptune.Cluster"));
    }

    [Fact]
    public void Violations_GenericReachingADataset_AreReportedDirectIndirectAndByLinkedFile()
    {
        string root = Path.Combine(Path.GetTempPath(), $"neptune-layers-{Guid.NewGuid():N}");
        try
        {
            Write(root, "Data", "dataset", "");
            Write(root, "Middle", null, """<ProjectReference Include="../Data/Data.csproj" />""");
            Write(root, "Top", null, """<ProjectReference Include="../Middle/Middle.csproj" />""");
            Write(root, "Linker", null, """<Compile Include="../Data/Reader.cs" Link="Reader.cs" />""");
            Write(root, "App", "application", """<ProjectReference Include="../Top/Top.csproj" />""");
            Write(root, "Plugin", "dataset", """<ProjectReference Include="../App/App.csproj" />""");

            IReadOnlyList<string> v = LayerGraph.Load(root).Violations();

            Assert.Equal(
                [
                    "Linker (a generic layer) compiles Reader.cs of Data (a dataset)",
                    "Middle (a generic layer) references Data (a dataset)",
                    "Plugin (a dataset) references App (an application)",
                    "Top (a generic layer) depends through other projects on Data (a dataset)",
                ],
                v);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Load_UnknownKind_Throws()
    {
        string root = Path.Combine(Path.GetTempPath(), $"neptune-layers-{Guid.NewGuid():N}");
        try
        {
            Write(root, "Odd", "plugin", "");

            InvalidDataException e = Assert.Throws<InvalidDataException>(() => LayerGraph.Load(root));

            Assert.Contains("'plugin'", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static void Write(string root, string name, string? kind, string items)
    {
        string dir = Path.Combine(root, name);
        Directory.CreateDirectory(dir);
        string property = kind is null ? "" : $"<NeptuneLayer>{kind}</NeptuneLayer>";
        File.WriteAllText(Path.Combine(dir, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>{property}</PropertyGroup>
              <ItemGroup>{items}</ItemGroup>
            </Project>
            """);
    }
}
