using Neptune.Photos.Coco;

namespace Neptune.Photos;

/// <summary>The referring-expression datasets on COCO images that Neptune reads.</summary>
public enum PhotoDatasetKind
{
    /// <summary>RefCOCO (refer layout; split-by unc or google).</summary>
    RefCoco = 0,

    /// <summary>RefCOCO+ (refer layout; split-by unc).</summary>
    RefCocoPlus = 1,

    /// <summary>RefCOCOg (refer layout; split-by umd or google).</summary>
    RefCocoG = 2,

    /// <summary>gRefCOCO (<c>grefs(unc).json</c> + <c>instances.json</c>).</summary>
    GRefCoco = 3,
}

/// <summary>
/// A dataset folder in the refer toolkit's layout (<c>instances.json</c> + <c>refs(unc).p</c>, <c>refs(google).p</c>
/// or <c>refs(umd).p</c>) or gRefCOCO's (<c>instances.json</c> + <c>grefs(unc).json</c>): the refs with the COCO
/// images and annotations they point at, every reference checked.
/// </summary>
public sealed class ReferDataset
{
    private ReferDataset(PhotoDatasetKind kind, string splitBy, string refsPath, CocoInstances instances, IReadOnlyList<PhotoRef> refs)
    {
        Kind = kind;
        SplitBy = splitBy;
        RefsPath = refsPath;
        Instances = instances;
        Refs = refs;
    }

    /// <summary>Which dataset this is.</summary>
    public PhotoDatasetKind Kind { get; }

    /// <summary>The split-by of the refs file read (unc, google or umd).</summary>
    public string SplitBy { get; }

    /// <summary>The refs file read.</summary>
    public string RefsPath { get; }

    /// <summary>The COCO images, annotations and categories.</summary>
    public CocoInstances Instances { get; }

    /// <summary>The refs in file order.</summary>
    public IReadOnlyList<PhotoRef> Refs { get; }

    /// <summary>The split-by read when none is given: unc for RefCOCO, RefCOCO+ and gRefCOCO, umd for RefCOCOg.</summary>
    /// <param name="kind">The dataset.</param>
    /// <returns>The split-by.</returns>
    public static string DefaultSplitBy(PhotoDatasetKind kind) => kind == PhotoDatasetKind.RefCocoG ? "umd" : "unc";

    /// <summary>The refs file of a dataset and split-by inside a folder.</summary>
    /// <param name="folder">The dataset folder.</param>
    /// <param name="kind">The dataset.</param>
    /// <param name="splitBy">The split-by.</param>
    /// <returns>The path.</returns>
    public static string RefsFile(string folder, PhotoDatasetKind kind, string splitBy) =>
        Path.Combine(folder, kind == PhotoDatasetKind.GRefCoco ? $"grefs({splitBy}).json" : $"refs({splitBy}).p");

    /// <summary>Opens a dataset folder and checks that every ref points at an annotation and image of the instances.</summary>
    /// <param name="folder">The folder holding <c>instances.json</c> and the refs file.</param>
    /// <param name="kind">The dataset.</param>
    /// <param name="splitBy">The split-by (null: <see cref="DefaultSplitBy"/>).</param>
    /// <returns>The dataset.</returns>
    /// <exception cref="PhotoDataException">A file is missing or malformed, or a ref points at nothing.</exception>
    public static ReferDataset Open(string folder, PhotoDatasetKind kind, string? splitBy = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (!Directory.Exists(folder))
        {
            throw new PhotoDataException($"{folder}: not a folder; expected the dataset folder holding instances.json and the refs file");
        }

        splitBy ??= DefaultSplitBy(kind);
        string[] allowed = kind switch
        {
            PhotoDatasetKind.RefCoco => ["unc", "google"],
            PhotoDatasetKind.RefCocoPlus => ["unc"],
            PhotoDatasetKind.RefCocoG => ["umd", "google"],
            _ => ["unc"],
        };
        if (!allowed.Contains(splitBy, StringComparer.Ordinal))
        {
            throw new PhotoDataException($"split-by '{splitBy}' does not exist for {Name(kind)}; use {string.Join(" or ", allowed)}");
        }

        string refsPath = RefsFile(folder, kind, splitBy);
        string instancesPath = Path.Combine(folder, "instances.json");
        foreach (string required in new[] { refsPath, instancesPath })
        {
            if (!File.Exists(required))
            {
                string present = string.Join(", ", Directory.EnumerateFiles(folder).Select(Path.GetFileName).Where(f => f!.EndsWith(".p", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
                throw new PhotoDataException($"{required}: missing; the folder holds {(present.Length == 0 ? "no .p or .json file" : present)}");
            }
        }

        IReadOnlyList<PhotoRef> refs = kind == PhotoDatasetKind.GRefCoco ? GRefCocoReader.Read(refsPath) : ReferRefsReader.Read(refsPath);
        CocoInstances instances = CocoInstancesReader.Read(instancesPath);
        for (int i = 0; i < refs.Count; i++)
        {
            PhotoRef r = refs[i];
            string where = $"{refsPath}: ref {i} (ref_id {r.RefId})";
            if (!instances.Images.ContainsKey(r.ImageId))
            {
                throw new PhotoDataException($"{where}: image_id {r.ImageId} is not in {instancesPath}");
            }

            foreach (int ann in r.AnnIds)
            {
                if (!instances.Annotations.TryGetValue(ann, out CocoAnnotation? a))
                {
                    throw new PhotoDataException($"{where}: ann_id {ann} is not in {instancesPath}");
                }

                if (a.ImageId != r.ImageId)
                {
                    throw new PhotoDataException($"{where}: ann_id {ann} belongs to image {a.ImageId}, not to the ref's image {r.ImageId}");
                }
            }
        }

        return new ReferDataset(kind, splitBy, refsPath, instances, refs);
    }

    /// <summary>The refs of one split.</summary>
    /// <param name="split">The split (train, val, testA, testB, test).</param>
    /// <returns>The refs in file order.</returns>
    public IEnumerable<PhotoRef> Split(string split) => Refs.Where(r => string.Equals(r.Split, split, StringComparison.Ordinal));

    /// <summary>Where an image of the dataset is under an images folder (COCO's train2014 folder).</summary>
    /// <param name="imagesFolder">The images folder.</param>
    /// <param name="imageId">The image id.</param>
    /// <returns>The path.</returns>
    public string ImagePath(string imagesFolder, int imageId)
    {
        ArgumentException.ThrowIfNullOrEmpty(imagesFolder);
        return Path.Combine(imagesFolder, Instances.Images.TryGetValue(imageId, out CocoImage? image) ? image.FileName : CocoFileNames.Train2014(imageId));
    }

    private static string Name(PhotoDatasetKind kind) => kind switch
    {
        PhotoDatasetKind.RefCoco => "RefCOCO",
        PhotoDatasetKind.RefCocoPlus => "RefCOCO+",
        PhotoDatasetKind.RefCocoG => "RefCOCOg",
        _ => "gRefCOCO",
    };
}
