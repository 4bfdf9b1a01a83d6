using Neptune.Photos.Formats;

namespace Neptune.Photos;

/// <summary>How a photo dataset's referring expressions are stored: the file or folder that <c>--annotations</c> names.</summary>
public enum PhotoLayout
{
    /// <summary>The refer toolkit's folder (<c>instances.json</c> + <c>refs(…).p</c>) or gRefCOCO's (<c>instances.json</c> + <c>grefs(unc).json</c>).</summary>
    Refer = 0,

    /// <summary>An MDETR COCO-format file (<c>finetune_refcoco_testA.json</c>); its split comes from its name.</summary>
    Mdetr = 1,

    /// <summary>A parquet export (<c>jxu124/refcoco</c>-style), one file or a folder of them.</summary>
    Parquet = 2,

    /// <summary>RefAdv's <c>refcocog_adv_annotations.json</c>; every record is in split <c>test</c>.</summary>
    RefAdv = 3,
}

/// <summary>
/// Which layout a dataset path has, decided the same way for <c>neptune data stats</c> and <c>neptune eval</c>:
/// <c>refadv</c> reads its annotation file; for the refcoco family a folder is the refer layout unless it holds no
/// <c>instances.json</c> but parquet files, a <c>.json</c> file is an MDETR file and a <c>.parquet</c> file an export
/// (gRefCOCO has no parquet export).
/// </summary>
public static class PhotoLayouts
{
    /// <summary>The referring-expression dataset names, as the command line spells them.</summary>
    public static IReadOnlyList<string> ReferringDatasets { get; } = ["refcoco", "refcoco+", "refcocog", "grefcoco", "refadv"];

    /// <summary>The dataset a referring-expression dataset name stands for (RefAdv is built on RefCOCOg's test images).</summary>
    /// <param name="dataset">One of <see cref="ReferringDatasets"/>.</param>
    /// <returns>The dataset kind.</returns>
    /// <exception cref="PhotoDataException">The name is not a referring-expression dataset.</exception>
    public static PhotoDatasetKind KindOf(string dataset) => dataset switch
    {
        "refcoco" => PhotoDatasetKind.RefCoco,
        "refcoco+" => PhotoDatasetKind.RefCocoPlus,
        "refcocog" or "refadv" => PhotoDatasetKind.RefCocoG,
        "grefcoco" => PhotoDatasetKind.GRefCoco,
        _ => throw new PhotoDataException($"unknown dataset '{dataset}'; use {string.Join(", ", ReferringDatasets)}"),
    };

    /// <summary>The layout of a referring-expression dataset's path.</summary>
    /// <param name="dataset">One of <see cref="ReferringDatasets"/>.</param>
    /// <param name="path">The dataset folder or file.</param>
    /// <returns>The layout.</returns>
    /// <exception cref="PhotoDataException">The path is missing or of the wrong kind for the dataset.</exception>
    public static PhotoLayout Detect(string dataset, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataset);
        ArgumentException.ThrowIfNullOrEmpty(path);
        PhotoDatasetKind kind = KindOf(dataset);
        bool folder = Directory.Exists(path);
        if (!folder && !File.Exists(path))
        {
            throw new PhotoDataException($"{path}: no such file or folder");
        }

        if (dataset == "refadv")
        {
            return folder
                ? throw new PhotoDataException($"{path}: is a folder; refadv reads the file refcocog_adv_annotations.json")
                : PhotoLayout.RefAdv;
        }

        if (folder)
        {
            return File.Exists(Path.Combine(path, "instances.json")) || kind == PhotoDatasetKind.GRefCoco
                || !Directory.EnumerateFiles(path, "*.parquet", SearchOption.AllDirectories).Any()
                ? PhotoLayout.Refer
                : PhotoLayout.Parquet;
        }

        switch (Path.GetExtension(path).ToLowerInvariant())
        {
            case ".json":
                return PhotoLayout.Mdetr;
            case ".parquet" when kind != PhotoDatasetKind.GRefCoco:
                return PhotoLayout.Parquet;
            default:
                string kinds = kind == PhotoDatasetKind.GRefCoco
                    ? "the folder holding grefs(unc).json and instances.json, or an MDETR .json file"
                    : "the folder holding instances.json and refs(…).p, an MDETR .json file, or a .parquet export (file or folder)";
                throw new PhotoDataException($"{path}: not a {Name(kind)} layout; expected {kinds}");
        }
    }

    /// <summary>The split a layout reads when none is given: the MDETR file's own (from its name), <c>test</c> for RefAdv, else <c>val</c>.</summary>
    /// <param name="layout">The layout.</param>
    /// <param name="path">The dataset folder or file.</param>
    /// <returns>The split.</returns>
    /// <exception cref="PhotoDataException">An MDETR file's name gives no split.</exception>
    public static string DefaultSplit(PhotoLayout layout, string path) => layout switch
    {
        PhotoLayout.Mdetr => MdetrRefExpReader.SplitOf(path) ?? throw new PhotoDataException($"{path}: the split comes from the file name, which must end in _{{split}}.json (finetune_refcoco_testA.json)"),
        PhotoLayout.RefAdv => RefAdvReader.Split,
        _ => "val",
    };

    internal static string Name(PhotoDatasetKind kind) => kind switch
    {
        PhotoDatasetKind.RefCoco => "RefCOCO",
        PhotoDatasetKind.RefCocoPlus => "RefCOCO+",
        PhotoDatasetKind.RefCocoG => "RefCOCOg",
        _ => "gRefCOCO",
    };
}
