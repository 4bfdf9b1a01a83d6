namespace Neptune.Clevr;

/// <summary>
/// Where the shared CLEVR data lives: <c>../shared/data/clevr/</c> relative to the repository root (the directory that
/// holds <c>Neptune.slnx</c>).
/// </summary>
public static class ClevrDataFiles
{
    /// <summary>The first 1,000 scenes of the CLEVR v1.0 train split.</summary>
    public const string TrainScenes1000 = "CLEVR_train_scenes_1000.json";

    /// <summary>The first 500 scenes of the CLEVR v1.0 val split.</summary>
    public const string ValScenes500 = "CLEVR_val_scenes_500.json";

    /// <summary>10,000 questions over <see cref="TrainScenes1000"/>.</summary>
    public const string TrainQuestions10000 = "CLEVR_train1000_questions_dev.json";

    /// <summary>13,032 CLEVR-Ref+ referring expressions over <see cref="TrainScenes1000"/>, in <c>../clevr_ref/</c> beside the CLEVR data.</summary>
    public const string TrainRefexpsDev = "clevr_ref_train1000_dev.json";

    private const string SolutionFile = "Neptune.slnx";

    /// <summary>Walks up from a directory to the first one that holds <c>Neptune.slnx</c>.</summary>
    /// <param name="startDirectory">Where to start (for tests, <see cref="AppContext.BaseDirectory"/>).</param>
    /// <returns>The repository root, or null when none is found.</returns>
    public static string? FindRepositoryRoot(string startDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(startDirectory);
        for (var dir = new DirectoryInfo(Path.GetFullPath(startDirectory)); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    /// <summary>The CLEVR data directory for a repository root.</summary>
    /// <param name="repositoryRoot">The directory holding <c>Neptune.slnx</c>.</param>
    /// <returns>The absolute path of <c>../shared/data/clevr</c> from the root.</returns>
    public static string DataDirectory(string repositoryRoot) =>
        Path.GetFullPath(Path.Combine(repositoryRoot, "..", "shared", "data", "clevr"));

    /// <summary>Finds the CLEVR data directory by walking up from <paramref name="startDirectory"/> to the repository root.</summary>
    /// <param name="startDirectory">Where to start.</param>
    /// <returns>The data directory.</returns>
    /// <exception cref="DirectoryNotFoundException">No repository root above the start, or no data beside it.</exception>
    public static string LocateDataDirectory(string startDirectory)
    {
        string root = FindRepositoryRoot(startDirectory)
            ?? throw new DirectoryNotFoundException($"No directory holding {SolutionFile} above '{startDirectory}'.");
        string data = DataDirectory(root);
        return Directory.Exists(data)
            ? data
            : throw new DirectoryNotFoundException($"CLEVR data directory '{data}' does not exist (expected ../shared/data/clevr beside the repository root).");
    }

    /// <summary>The CLEVR-Ref+ file beside a CLEVR data directory (<c>../clevr_ref/clevr_ref_train1000_dev.json</c>).</summary>
    /// <param name="clevrDataDirectory">The CLEVR data directory (<see cref="LocateDataDirectory"/>).</param>
    /// <returns>The absolute path.</returns>
    public static string RefexpsBeside(string clevrDataDirectory) =>
        Path.GetFullPath(Path.Combine(clevrDataDirectory, "..", "clevr_ref", TrainRefexpsDev));
}
