namespace Neptune.Photos;

/// <summary>One sentence (referring expression) of a ref.</summary>
/// <param name="SentId">The sentence id.</param>
/// <param name="Sent">The normalised sentence (lower case, tokenised).</param>
/// <param name="Raw">The sentence as the annotator wrote it.</param>
public sealed record RefSentence(int SentId, string Sent, string Raw)
{
    /// <summary>The tokens of <see cref="Sent"/>; empty when the file gives none.</summary>
    public IReadOnlyList<string> Tokens { get; init; } = [];
}

/// <summary>
/// One ref of a referring-expression dataset (RefCOCO, RefCOCO+, RefCOCOg, gRefCOCO): the annotations of one COCO image
/// that its sentences refer to — one for the refer-toolkit datasets, zero (no target) or several for gRefCOCO.
/// </summary>
public sealed record PhotoRef
{
    /// <summary>The ref id.</summary>
    public required int RefId { get; init; }

    /// <summary>The COCO image id.</summary>
    public required int ImageId { get; init; }

    /// <summary>The split: train, val, testA, testB or test (which ones exist depends on the split-by).</summary>
    public required string Split { get; init; }

    /// <summary>The referred annotations; empty for a no-target ref (gRefCOCO's <c>ann_id == [-1]</c>).</summary>
    public required IReadOnlyList<int> AnnIds { get; init; }

    /// <summary>The COCO categories of the referred annotations (empty when the file gives none or for no target).</summary>
    public IReadOnlyList<int> CategoryIds { get; init; } = [];

    /// <summary>
    /// The ref's <c>file_name</c> as the file gives it (<c>COCO_train2014_000000581857_16.jpg</c>, with the extra
    /// <c>_N</c> suffix), or null; <see cref="CocoFileNames.ImageFileName"/> maps it to the COCO file name.
    /// </summary>
    public string? FileName { get; init; }

    /// <summary>The sentences.</summary>
    public required IReadOnlyList<RefSentence> Sentences { get; init; }

    /// <summary>
    /// The referred annotations' boxes when the file gives them with the ref (a parquet export's <c>bbox</c>), in the
    /// order of <see cref="AnnIds"/>; empty when the boxes are in <c>instances.json</c> instead.
    /// </summary>
    public IReadOnlyList<Neptune.Perception.BoundingBox> Boxes { get; init; } = [];

    /// <summary>Whether nothing in the image is referred to.</summary>
    public bool NoTarget => AnnIds.Count == 0;
}
