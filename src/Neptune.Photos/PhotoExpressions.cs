using Neptune.Perception;
using Neptune.Photos.Coco;

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
    /// <summary>The expressions of a dataset, or of one split, in file order (refs, then their sentences).</summary>
    /// <param name="dataset">The opened dataset (every reference is checked when it is opened).</param>
    /// <param name="split">The split (val, testA, testB, test, train); null for every split.</param>
    /// <returns>The expressions.</returns>
    /// <exception cref="PhotoDataException">Two sentences share an id, or the split has no ref (the message lists the splits there are).</exception>
    public static IReadOnlyList<PhotoExpression> Read(ReferDataset dataset, string? split)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var expressions = new List<PhotoExpression>();
        var seen = new HashSet<long>();
        foreach (PhotoRef r in dataset.Refs)
        {
            if (split is not null && !string.Equals(r.Split, split, StringComparison.Ordinal))
            {
                continue;
            }

            int[] annIds = [.. r.AnnIds.Order()];
            BoundingBox[] boxes = [.. annIds.Select(a => dataset.Instances.Annotations[a].Box)];
            string? category = annIds.Length > 0 && dataset.Instances.Categories.TryGetValue(dataset.Instances.Annotations[annIds[0]].CategoryId, out CocoCategory? c) ? c.Name : null;
            string fileName = dataset.Instances.Images.TryGetValue(r.ImageId, out CocoImage? image) ? image.FileName : CocoFileNames.Train2014(r.ImageId);
            foreach (RefSentence sentence in r.Sentences)
            {
                if (!seen.Add(sentence.SentId))
                {
                    throw new PhotoDataException($"{dataset.RefsPath}: sent_id {sentence.SentId} (ref_id {r.RefId}) repeats an earlier sentence; sentence ids must be unique");
                }

                string text = !string.IsNullOrWhiteSpace(sentence.Raw) ? sentence.Raw.Trim() : sentence.Sent.Trim();
                if (text.Length == 0)
                {
                    throw new PhotoDataException($"{dataset.RefsPath}: sent_id {sentence.SentId} (ref_id {r.RefId}) has no text");
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
            string splits = string.Join(", ", dataset.Refs.Select(r => r.Split).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
            throw new PhotoDataException($"{dataset.RefsPath}: no ref is in split '{split}'; the splits there are: {(splits.Length == 0 ? "none" : splits)}");
        }

        return expressions;
    }
}
