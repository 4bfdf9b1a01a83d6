using System.Globalization;
using Neptune.Imaging;
using Neptune.Imaging.Codecs;
using Neptune.Perception;
using Neptune.Vision.Verification;

namespace Neptune.Vision.Calibration;

/// <summary>Calibration input is missing or unreadable (a folder, a labels file, an image). The CLI exits with code 2.</summary>
public sealed class CalibrationException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, naming the file or folder.</param>
    /// <param name="innerException">The cause, if any.</param>
    public CalibrationException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

/// <summary>One labelled crop of the auxiliary set.</summary>
/// <param name="Path">The image file.</param>
/// <param name="Class">Its class: the folder name, with underscores read as spaces.</param>
public sealed record AuxiliaryCrop(string Path, string Class);

/// <summary>
/// An auxiliary set of labelled crops laid out ImageNet-style: one folder per class directly under the root, each
/// holding image files (<c>.jpg</c>, <c>.jpeg</c>, <c>.png</c>, <c>.webp</c>, <c>.bmp</c>, <c>.gif</c>). Other files
/// and deeper folders are ignored. Images are read when scored.
/// </summary>
public sealed class AuxiliarySet
{
    private static readonly string[] Extensions = [".jpg", ".jpeg", ".png", ".webp", ".bmp", ".gif"];

    private AuxiliarySet(string root, IReadOnlyList<AuxiliaryCrop> crops, int classes)
    {
        Root = root;
        Crops = crops;
        Classes = classes;
    }

    /// <summary>The root folder.</summary>
    public string Root { get; }

    /// <summary>Every crop, by class folder then file name (ordinal).</summary>
    public IReadOnlyList<AuxiliaryCrop> Crops { get; }

    /// <summary>The number of class folders holding at least one image.</summary>
    public int Classes { get; }

    /// <summary>Lists the set.</summary>
    /// <param name="root">The root folder.</param>
    /// <returns>The set.</returns>
    /// <exception cref="CalibrationException">The folder is missing, or holds no class folder with an image.</exception>
    public static AuxiliarySet Read(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        string full = System.IO.Path.GetFullPath(root);
        if (!Directory.Exists(full))
        {
            throw new CalibrationException($"--auxiliary: directory '{full}' does not exist");
        }

        var crops = new List<AuxiliaryCrop>();
        int classes = 0;
        try
        {
            foreach (string folder in Directory.GetDirectories(full).Order(StringComparer.Ordinal))
            {
                string name = System.IO.Path.GetFileName(folder).Replace('_', ' ').Trim();
                string[] files = [.. Directory.GetFiles(folder)
                    .Where(f => Extensions.Contains(System.IO.Path.GetExtension(f).ToLowerInvariant()))
                    .Order(StringComparer.Ordinal)];
                if (files.Length > 0 && name.Length > 0)
                {
                    classes++;
                    crops.AddRange(files.Select(f => new AuxiliaryCrop(f, name)));
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CalibrationException($"--auxiliary: cannot list '{full}': {e.Message}", e);
        }

        if (crops.Count == 0)
        {
            throw new CalibrationException($"--auxiliary: '{full}' has no class folders with images (expected one folder per class, ImageNet-style, holding .jpg/.png/… crops)");
        }

        return new AuxiliarySet(full, crops, classes);
    }
}

/// <summary>The calibrated threshold of one label and how it was found.</summary>
/// <param name="Label">The label.</param>
/// <param name="Threshold">δ_l: the score at the top-k% boundary.</param>
/// <param name="Scored">n, the crops scored.</param>
/// <param name="TopCount">m = ⌈k·n/100⌉, the crops at or above δ_l by rank.</param>
/// <param name="OwnClassCrops">Crops of the label's own class folder, if there is one.</param>
/// <param name="OwnClassInTop">Of those, how many rank among the top m.</param>
/// <param name="Minimum">The lowest score.</param>
/// <param name="Maximum">The highest score.</param>
/// <param name="Mean">The mean score.</param>
public sealed record LabelCalibration(string Label, float Threshold, int Scored, int TopCount, int OwnClassCrops, int OwnClassInTop, float Minimum, float Maximum, float Mean);

/// <summary>
/// VIRO's adaptive thresholds (A.1.3): for each label l, every crop d_i of the auxiliary set is scored S(l | d_i) by the
/// verifier (eq. 5, the same as eq. 2 with the crop as the region) and δ_l is the score at the top-k% boundary of
/// that distribution.
/// </summary>
public static class ThresholdCalibration
{
    /// <summary>
    /// The top-k rule: with the n scores sorted in descending order s_(1) ≥ … ≥ s_(n) and m = ⌈k·n/100⌉ (at least 1),
    /// δ = s_(m) — the lowest score among the top k% — so that the top k% of the scores reach δ.
    /// </summary>
    /// <param name="scores">The scores (any order); not changed.</param>
    /// <param name="topKPercent">k, in (0, 100].</param>
    /// <returns>δ.</returns>
    /// <exception cref="ArgumentException">No scores, a NaN score, or k out of range.</exception>
    public static float TopKThreshold(ReadOnlySpan<float> scores, double topKPercent)
    {
        if (scores.IsEmpty)
        {
            throw new ArgumentException("no scores to calibrate on", nameof(scores));
        }

        if (!(topKPercent > 0 && topKPercent <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(topKPercent), topKPercent, "k must be in (0, 100]");
        }

        float[] sorted = scores.ToArray();
        if (sorted.Any(float.IsNaN))
        {
            throw new ArgumentException("a score is NaN", nameof(scores));
        }

        Array.Sort(sorted, static (a, b) => b.CompareTo(a));
        return sorted[TopCount(sorted.Length, topKPercent) - 1];
    }

    /// <summary>m = ⌈k·n/100⌉, at least 1 and at most n.</summary>
    /// <param name="n">The number of scores.</param>
    /// <param name="topKPercent">k.</param>
    /// <returns>m.</returns>
    public static int TopCount(int n, double topKPercent) =>
        Math.Clamp((int)Math.Ceiling(Math.Round(topKPercent * n / 100.0, 9)), 1, n);

    /// <summary>Scores every crop against every label and calibrates each label.</summary>
    /// <param name="verifier">The verifier (eq. 2 for <see cref="ClipRegionVerifier"/>).</param>
    /// <param name="labels">The labels.</param>
    /// <param name="set">The auxiliary crops.</param>
    /// <param name="topKPercent">k, in (0, 100].</param>
    /// <param name="concurrency">Crops worked on at once.</param>
    /// <param name="progress">Receives the number of crops done.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>One calibration per label, in the order given.</returns>
    /// <exception cref="CalibrationException">An image cannot be read or decoded.</exception>
    /// <exception cref="PerceptionException">The verifier failed (its server is down or answered in another shape).</exception>
    public static async Task<IReadOnlyList<LabelCalibration>> RunAsync(IRegionVerifier verifier, IReadOnlyList<string> labels, AuxiliarySet set, double topKPercent,
        int concurrency = 8, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(set);
        if (labels.Count == 0)
        {
            throw new CalibrationException("no labels to calibrate");
        }

        if (!(topKPercent > 0 && topKPercent <= 100))
        {
            throw new CalibrationException(string.Create(CultureInfo.InvariantCulture, $"--top-k: must be in (0, 100], got {topKPercent}"));
        }

        int n = set.Crops.Count;
        var scores = new float[labels.Count][];
        for (int l = 0; l < labels.Count; l++)
        {
            scores[l] = new float[n];
        }

        int done = 0;
        await Parallel.ForAsync(0, n, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, concurrency), CancellationToken = cancellationToken }, async (i, ct) =>
        {
            AuxiliaryCrop crop = set.Crops[i];
            PhotoScenePerception scene = PhotoScenePerception.WholeImage(Decode(crop.Path));
            for (int l = 0; l < labels.Count; l++)
            {
                float[] s = await verifier.VerifyAsync(scene, labels[l], VerificationKind.ObjectName, [0], ct).ConfigureAwait(false);
                scores[l][i] = s[0];
            }

            progress?.Report(Interlocked.Increment(ref done));
        }).ConfigureAwait(false);

        var result = new List<LabelCalibration>(labels.Count);
        int m = TopCount(n, topKPercent);
        for (int l = 0; l < labels.Count; l++)
        {
            float[] s = scores[l];
            float delta = TopKThreshold(s, topKPercent);
            int[] ranked = [.. Enumerable.Range(0, n).OrderByDescending(i => s[i]).ThenBy(i => i)];
            var top = new HashSet<int>(ranked.Take(m));
            string label = labels[l].Trim();
            int own = 0, ownTop = 0;
            for (int i = 0; i < n; i++)
            {
                if (string.Equals(set.Crops[i].Class, label, StringComparison.OrdinalIgnoreCase))
                {
                    own++;
                    ownTop += top.Contains(i) ? 1 : 0;
                }
            }

            result.Add(new LabelCalibration(label, delta, n, m, own, ownTop, s.Min(), s.Max(), (float)s.Average()));
        }

        return result;
    }

    /// <summary>Reads a labels file: one label per line; blank lines and lines starting with <c>#</c> are skipped; duplicates (ignoring case) are kept once.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The labels, in file order.</returns>
    /// <exception cref="CalibrationException">The file is missing, unreadable or lists no label.</exception>
    public static IReadOnlyList<string> ReadLabels(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CalibrationException($"--labels: cannot read '{path}': {e.Message}", e);
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var labels = new List<string>();
        foreach (string line in lines)
        {
            string label = line.Trim();
            if (label.Length > 0 && !label.StartsWith('#') && seen.Add(label))
            {
                labels.Add(label);
            }
        }

        return labels.Count > 0 ? labels : throw new CalibrationException($"--labels: '{path}' lists no label (one per line)");
    }

    private static RgbaImage Decode(string path)
    {
        try
        {
            return ImageCodecs.Default.Decode(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NeptuneImagingException)
        {
            throw new CalibrationException($"--auxiliary: cannot read the image '{path}': {e.Message}", e);
        }
    }
}
