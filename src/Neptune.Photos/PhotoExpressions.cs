using Neptune.Perception;
using Neptune.Photos.Coco;
using Neptune.Photos.Formats;

namespace Neptune.Photos;

/// <summary>
/// One referring expression of a photo dataset, ready to evaluate: the sentence, the image it is about and the boxes
/// of the annotations it refers to (none for a gRefCOCO no-target expression, several for a multi-target one).
/// </summary>
public sealed record PhotoExpression
{
    /// <summary>The expression's id: its sentence id, unique in the dataset.</summary>
    public required long Id { get; init; }

    /// <summary>The sentence as the annotator wrote it (<c>raw</c>), or the normalised sentence when there is no raw text.</summary>
    public required string Expression { get; init; }

    /// <summary>The ref the sentence belongs to.</summary>
    public required int RefId { get; init; }

    /// <summary>The COCO image id.</summary>
    public required int ImageId { get; init; }

    /// <summary>The image's file name (COCO's <c>file_name</c>, e.g. <c>COCO_train2014_000000581857.jpg</c>).</summary>
    public required string ImageFileName { get; init; }

    /// <summary>The split the ref is in.</summary>
    public required string Split { get; init; }

    /// <summary>The referred annotation ids, ascending; empty when nothing is referred to.</summary>
    public required IReadOnlyList<int> AnnIds { get; init; }

    /// <summary>The referred annotations' boxes, in the order of <see cref="AnnIds"/>, in pixels (x0, y0, x1, y1).</summary>
    public required IReadOnlyList<BoundingBox> Boxes { get; init; }

    /// <summary>The COCO category name of the first referred annotation; null for no target.</summary>
    public string? Category { get; init; }

    /// <summary>Whether nothing in the image is referred to.</summary>
    public bool NoTarget => AnnIds.Count == 0;
}

/// <summary>Lists a dataset's referring expressions (one per sentence) with their images and ground-truth boxes.</summary>
public static class PhotoExpressions
{
    /// <summary>
    /// The expressions of one split of a dataset in any of its layouts (<see cref="PhotoLayouts.Detect"/>), in file
    /// order. The refer layout takes the boxes from <c>instances.json</c>; a parquet export from its rows' <c>bbox</c>;
    /// an MDETR file from its annotations (the expression's id is its entry's <c>id</c>); RefAdv from each record's
    /// target among its candidates (the expression's id is the record's position in the file).
    /// </summary>
    /// <param name="dataset">The dataset (<see cref="PhotoLayouts.ReferringDatasets"/>).</param>
    /// <param name="layout">The layout of <paramref name="path"/>.</param>
    /// <param name="path">The dataset folder or file.</param>
    /// <param name="splitBy">The refer layout's split-by (null: the dataset's default); ignored by the other layouts.</param>
    /// <param name="split">The split.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The expressions.</returns>
    /// <exception cref="PhotoDataException">A file is missing or malformed, a record lacks its target box, or the split has no expression.</exception>
    public static async Task<IReadOnlyList<PhotoExpression>> ReadAsync(string dataset, PhotoLayout layout, string path, string? splitBy, string split, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataset);
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(split);
        switch (layout)
        {
            case PhotoLayout.Refer:
                ReferDataset data = await Task.Run(() => ReferDataset.Open(path, PhotoLayouts.KindOf(dataset), splitBy), cancellationToken).ConfigureAwait(false);
                return Read(data, split);
            case PhotoLayout.Parquet:
                IReadOnlyList<PhotoRef> refs = await ParquetRefsReader.ReadAsync(path, cancellationToken).ConfigureAwait(false);
                return FromRefs(path, refs, split, (r, i) =>
                {
                    if (r.Boxes.Count != r.AnnIds.Count)
                    {
                        throw new PhotoDataException($"{path}: row {i} (ref_id {r.RefId}): 'bbox' is missing; the target box is what the expression is judged against");
                    }

                    return (r.Boxes, null, r.FileName is { Length: > 0 } f ? CocoFileNames.ImageFileName(f) : CocoFileNames.Train2014(r.ImageId));
                });
            case PhotoLayout.Mdetr:
                MdetrRefExpFile file = await Task.Run(() => MdetrRefExpReader.Read(path), cancellationToken).ConfigureAwait(false);
                return FromMdetr(path, file, split);
            case PhotoLayout.RefAdv:
                IReadOnlyList<RefAdvRecord> records = await Task.Run(() => RefAdvReader.Read(path), cancellationToken).ConfigureAwait(false);
                return FromRefAdv(path, records, split);
            default:
                throw new ArgumentOutOfRangeException(nameof(layout), layout, "unknown layout");
        }
    }

    /// <summary>The expressions of a dataset, or of one split, in file order (refs, then their sentences).</summary>
    /// <param name="dataset">The opened dataset (every reference is checked when it is opened).</param>
    /// <param name="split">The split (val, testA, testB, test, train); null for every split.</param>
    /// <returns>The expressions.</returns>
    /// <exception cref="PhotoDataException">Two sentences share an id, or the split has no ref (the message lists the splits there are).</exception>
    public static IReadOnlyList<PhotoExpression> Read(ReferDataset dataset, string? split)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        CocoInstances instances = dataset.Instances;
        return FromRefs(dataset.RefsPath, dataset.Refs, split, (r, _) =>
        {
            BoundingBox[] boxes = [.. r.AnnIds.Select(a => instances.Annotations[a].Box)];
            string? category = r.AnnIds.Count > 0 && instances.Categories.TryGetValue(instances.Annotations[r.AnnIds[0]].CategoryId, out CocoCategory? c) ? c.Name : null;
            string fileName = instances.Images.TryGetValue(r.ImageId, out CocoImage? image) ? image.FileName : CocoFileNames.Train2014(r.ImageId);
            return (boxes, category, fileName);
        });
    }

    /// <summary>One expression per sentence of the refs; <paramref name="targets"/> gives a ref's boxes (in the order of its annotation ids), category and image file.</summary>
    private static List<PhotoExpression> FromRefs(string source, IReadOnlyList<PhotoRef> refs, string? split, Func<PhotoRef, int, (IReadOnlyList<BoundingBox> Boxes, string? Category, string FileName)> targets)
    {
        var expressions = new List<PhotoExpression>();
        var seen = new HashSet<long>();
        for (int i = 0; i < refs.Count; i++)
        {
            PhotoRef r = refs[i];
            if (split is not null && !string.Equals(r.Split, split, StringComparison.Ordinal))
            {
                continue;
            }

            (IReadOnlyList<BoundingBox> unordered, string? category, string fileName) = targets(r, i);
            int[] order = [.. Enumerable.Range(0, r.AnnIds.Count).OrderBy(k => r.AnnIds[k])];
            int[] annIds = [.. order.Select(k => r.AnnIds[k])];
            BoundingBox[] boxes = [.. order.Select(k => unordered[k])];
            foreach (RefSentence sentence in r.Sentences)
            {
                if (!seen.Add(sentence.SentId))
                {
                    throw new PhotoDataException($"{source}: sent_id {sentence.SentId} (ref_id {r.RefId}) repeats an earlier sentence; sentence ids must be unique");
                }

                string text = !string.IsNullOrWhiteSpace(sentence.Raw) ? sentence.Raw.Trim() : sentence.Sent.Trim();
                if (text.Length == 0)
                {
                    throw new PhotoDataException($"{source}: sent_id {sentence.SentId} (ref_id {r.RefId}) has no text");
                }

                expressions.Add(new PhotoExpression
                {
                    Id = sentence.SentId,
                    Expression = text,
                    RefId = r.RefId,
                    ImageId = r.ImageId,
                    ImageFileName = fileName,
                    Split = r.Split,
                    AnnIds = annIds,
                    Boxes = boxes,
                    Category = category,
                });
            }
        }

        if (split is not null && expressions.Count == 0)
        {
            throw NoSplit(source, split, refs.Select(r => r.Split));
        }

        return expressions;
    }

    private static List<PhotoExpression> FromMdetr(string source, MdetrRefExpFile file, string split)
    {
        if (!string.Equals(file.Split, split, StringComparison.Ordinal) || file.Expressions.Count == 0)
        {
            throw NoSplit(source, split, file.Expressions.Count == 0 ? [] : [file.Split]);
        }

        var expressions = new List<PhotoExpression>(file.Expressions.Count);
        for (int i = 0; i < file.Expressions.Count; i++)
        {
            MdetrExpression e = file.Expressions[i];
            string text = e.Caption.Trim();
            if (text.Length == 0)
            {
                throw new PhotoDataException($"{source}: images[{i}] (id {e.EntryId}): 'caption' is empty");
            }

            MdetrTarget[] targets = [.. e.Targets.OrderBy(t => t.AnnId)];
            expressions.Add(new PhotoExpression
            {
                Id = e.EntryId,
                Expression = text,
                RefId = targets.Length > 0 ? targets[0].AnnId : -1,
                ImageId = e.ImageId,
                ImageFileName = e.FileName,
                Split = file.Split,
                AnnIds = [.. targets.Select(t => t.AnnId)],
                Boxes = [.. targets.Select(t => t.Box)],
            });
        }

        return expressions;
    }

    private static List<PhotoExpression> FromRefAdv(string source, IReadOnlyList<RefAdvRecord> records, string split)
    {
        if (!string.Equals(split, RefAdvReader.Split, StringComparison.Ordinal) || records.Count == 0)
        {
            throw NoSplit(source, split, records.Count == 0 ? [] : [RefAdvReader.Split]);
        }

        var expressions = new List<PhotoExpression>(records.Count);
        for (int i = 0; i < records.Count; i++)
        {
            RefAdvRecord r = records[i];
            string text = r.Expression.Trim();
            if (text.Length == 0)
            {
                throw new PhotoDataException($"{source}: record '{r.Key}': 'most_confused_bbox_GT_desc' is empty");
            }

            expressions.Add(new PhotoExpression
            {
                Id = i,
                Expression = text,
                RefId = r.RefId ?? i,
                ImageId = r.ImageId,
                ImageFileName = CocoFileNames.ImageFileName(r.ImageFileName),
                Split = RefAdvReader.Split,
                AnnIds = [r.AnnId ?? r.TargetNumber],
                Boxes = [r.Target],
            });
        }

        return expressions;
    }

    private static PhotoDataException NoSplit(string source, string split, IEnumerable<string> present)
    {
        string splits = string.Join(", ", present.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        return new PhotoDataException($"{source}: no ref is in split '{split}'; the splits there are: {(splits.Length == 0 ? "none" : splits)}");
    }
}
