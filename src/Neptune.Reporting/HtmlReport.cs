using System.Globalization;
using System.Net;
using System.Text;
using Neptune.Imaging;
using Neptune.Imaging.Codecs;
using Neptune.Language.Library;
using Neptune.Logic;

namespace Neptune.Reporting;

/// <summary>
/// An HTML report: per question, the image with the detected objects as an SVG overlay, the program, the trace of every
/// host call with the scores perception returned, and the answer next to the expected one. No external resources: the
/// pictures are embedded in the page or written beside it (<see cref="ReportImages"/>).
/// </summary>
public static class HtmlReport
{
    private const int MaxTensorRows = 32;

    /// <summary>Renders a report.</summary>
    /// <param name="title">The page title.</param>
    /// <param name="summary">Lines shown at the top (settings, accuracy).</param>
    /// <param name="items">The questions.</param>
    /// <returns>The HTML document.</returns>
    public static string Render(string title, IReadOnlyList<string> summary, IReadOnlyList<ReportItem> items) => Render(title, summary, items, []);

    /// <summary>Renders a report of questions and referring expressions.</summary>
    /// <param name="title">The page title.</param>
    /// <param name="summary">Lines shown at the top (settings, accuracy).</param>
    /// <param name="items">The questions.</param>
    /// <param name="referring">The referring expressions, shown in their own section after the questions (none: no section).</param>
    /// <returns>The HTML document.</returns>
    public static string Render(string title, IReadOnlyList<string> summary, IReadOnlyList<ReportItem> items, IReadOnlyList<ReferringReportItem> referring) =>
        Render(title, summary, items, referring, imageUrl: null);

    /// <summary>Renders a report of questions and referring expressions whose pictures are referred to by URL.</summary>
    /// <param name="title">The page title.</param>
    /// <param name="summary">Lines shown at the top (settings, accuracy).</param>
    /// <param name="items">The questions.</param>
    /// <param name="referring">The referring expressions, shown in their own section after the questions (none: no section).</param>
    /// <param name="imageUrl">
    /// The URL of a picture, called once per distinct picture (by reference) in order of first use; the page loads it
    /// lazily beneath the overlay. Null embeds every picture once as a PNG <c>data:</c> URI instead.
    /// </param>
    /// <returns>The HTML document.</returns>
    public static string Render(string title, IReadOnlyList<string> summary, IReadOnlyList<ReportItem> items, IReadOnlyList<ReferringReportItem> referring, Func<RgbaImage, string>? imageUrl)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(referring);
        var sb = new StringBuilder(64 * 1024);
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E(title)).Append("</title>\n<style>")
            .Append(Css).Append("</style></head>\n<body>\n<h1>").Append(E(title)).Append("</h1>\n");
        if (summary.Count > 0)
        {
            sb.Append("<ul class=\"summary\">");
            foreach (string line in summary)
            {
                sb.Append("<li>").Append(E(line)).Append("</li>");
            }

            sb.Append("</ul>\n");
        }

        AppendWrongList(sb, items);
        AppendReferringWrongList(sb, referring);
        var imageUris = new ImageUris(imageUrl);
        for (int i = 0; i < items.Count; i++)
        {
            AppendItem(sb, i + 1, items[i], imageUris);
        }

        if (referring.Count > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<h1 id=\"rec\">Referring expressions ({referring.Count})</h1>\n");
            AppendAbstentions(sb, referring);
            for (int i = 0; i < referring.Count; i++)
            {
                AppendReferringItem(sb, i + 1, referring[i], imageUris);
            }
        }

        return sb.Append("</body></html>\n").ToString();
    }

    /// <summary>Writes a report to a file, creating its directory.</summary>
    /// <param name="path">The output path.</param>
    /// <param name="title">The page title.</param>
    /// <param name="summary">Lines shown at the top.</param>
    /// <param name="items">The questions.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the file is written.</returns>
    public static Task WriteAsync(string path, string title, IReadOnlyList<string> summary, IReadOnlyList<ReportItem> items, CancellationToken cancellationToken = default) =>
        WriteAsync(path, title, summary, items, [], cancellationToken);

    /// <summary>Writes a report of questions and referring expressions to a file, creating its directory.</summary>
    /// <param name="path">The output path.</param>
    /// <param name="title">The page title.</param>
    /// <param name="summary">Lines shown at the top.</param>
    /// <param name="items">The questions.</param>
    /// <param name="referring">The referring expressions.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the file is written.</returns>
    public static Task WriteAsync(string path, string title, IReadOnlyList<string> summary, IReadOnlyList<ReportItem> items, IReadOnlyList<ReferringReportItem> referring, CancellationToken cancellationToken = default) =>
        WriteAsync(path, title, summary, items, referring, ReportImages.Files, cancellationToken);

    /// <summary>
    /// Writes a report of questions and referring expressions to a file, creating its directory. With
    /// <see cref="ReportImages.Files"/> every distinct picture is written once as a JPEG file into the folder
    /// <see cref="ImageFolderOf"/> names (pictures of an earlier report there that this one does not use are removed),
    /// then the page; with <see cref="ReportImages.Embedded"/> the page holds them.
    /// </summary>
    /// <param name="path">The output path.</param>
    /// <param name="title">The page title.</param>
    /// <param name="summary">Lines shown at the top.</param>
    /// <param name="items">The questions.</param>
    /// <param name="referring">The referring expressions.</param>
    /// <param name="images">Where the pictures go.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the report is written.</returns>
    public static async Task WriteAsync(string path, string title, IReadOnlyList<string> summary, IReadOnlyList<ReportItem> items, IReadOnlyList<ReferringReportItem> referring, ReportImages images, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        string full = Path.GetFullPath(path);
        string? dir = Path.GetDirectoryName(full);
        if (dir is not null)
        {
            Directory.CreateDirectory(dir);
        }

        string html;
        if (images == ReportImages.Embedded)
        {
            html = Render(title, summary, items, referring, imageUrl: null);
        }
        else
        {
            string folder = ImageFolderOf(full);
            string folderName = Path.GetFileName(folder);
            var pictures = new List<RgbaImage>();
            html = Render(title, summary, items, referring, image =>
            {
                pictures.Add(image);
                return folderName + "/" + ImageFileName(pictures.Count);
            });
            await WriteImagesAsync(folder, pictures, cancellationToken).ConfigureAwait(false);
        }

        string temp = full + ".tmp";
        await File.WriteAllTextAsync(temp, html, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        File.Move(temp, full, overwrite: true);
    }

    /// <summary>The folder a report written with <see cref="ReportImages.Files"/> keeps its pictures in: <c>report.html</c> → <c>report_files</c> beside it.</summary>
    /// <param name="reportPath">The report's path.</param>
    /// <returns>The folder's full path.</returns>
    public static string ImageFolderOf(string reportPath)
    {
        ArgumentNullException.ThrowIfNull(reportPath);
        string full = Path.GetFullPath(reportPath);
        return Path.Combine(Path.GetDirectoryName(full) ?? ".", Path.GetFileNameWithoutExtension(full) + "_files");
    }

    private static string ImageFileName(int number) => string.Create(CultureInfo.InvariantCulture, $"img{number}.jpg");

    /// <summary>Encodes the pictures as JPEG files img1.jpg, img2.jpg, … (in parallel) and removes older ones the report no longer uses.</summary>
    private static async Task WriteImagesAsync(string folder, List<RgbaImage> pictures, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var encoder = new JpegEncoder(ReportJpegQuality);
        await Parallel.ForAsync(0, pictures.Count, cancellationToken, async (i, ct) =>
        {
            byte[] bytes = encoder.Encode(pictures[i]);
            string file = Path.Combine(folder, ImageFileName(i + 1));
            await File.WriteAllBytesAsync(file + ".tmp", bytes, ct).ConfigureAwait(false);
            File.Move(file + ".tmp", file, overwrite: true);
        }).ConfigureAwait(false);

        foreach (string stale in Directory.EnumerateFiles(folder, "img*.jpg"))
        {
            string name = Path.GetFileNameWithoutExtension(stale);
            if (int.TryParse(name.AsSpan(3), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > pictures.Count
                && string.Equals(Path.GetFileName(stale), ImageFileName(n), StringComparison.Ordinal))
            {
                File.Delete(stale);
            }
        }
    }

    /// <summary>The JPEG quality of pictures written beside a report.</summary>
    private const int ReportJpegQuality = 90;

    /// <summary>The wrong and failed answers first, each linking to its card.</summary>
    private static void AppendWrongList(StringBuilder sb, IReadOnlyList<ReportItem> items)
    {
        var wrong = new List<int>();
        for (int i = 0; i < items.Count; i++)
        {
            if (items[i].Correct == false || (items[i].Correct is null && items[i].Error is not null))
            {
                wrong.Add(i);
            }
        }

        if (wrong.Count == 0)
        {
            return;
        }

        sb.Append(CultureInfo.InvariantCulture, $"<nav class=\"wrong-list\"><h2>{wrong.Count} wrong or failed of {items.Count}</h2><ol>");
        foreach (int i in wrong)
        {
            ReportItem item = items[i];
            string got = item.Error is not null ? "failed: " + item.Error : "answer " + (item.Answer ?? "—");
            string expected = item.Expected is null ? "" : ", expected " + item.Expected;
            sb.Append(CultureInfo.InvariantCulture, $"<li value=\"{i + 1}\"><a href=\"#q{i + 1}\">{E(item.Question)}</a> — {E(got)}{E(expected)}</li>");
        }

        sb.Append("</ol></nav>\n");
    }

    /// <summary>The wrong and failed referring expressions, each linking to its card.</summary>
    private static void AppendReferringWrongList(StringBuilder sb, IReadOnlyList<ReferringReportItem> items)
    {
        var wrong = new List<int>();
        for (int i = 0; i < items.Count; i++)
        {
            if (items[i].Correct == false || (items[i].Correct is null && items[i].Error is not null))
            {
                wrong.Add(i);
            }
        }

        if (wrong.Count == 0)
        {
            return;
        }

        sb.Append(CultureInfo.InvariantCulture, $"<nav class=\"wrong-list rec-wrong\"><h2>{wrong.Count} wrong or failed of {items.Count} referring expressions</h2><ol>");
        foreach (int i in wrong)
        {
            ReferringReportItem item = items[i];
            string expected = item.Correct is null ? "" : ", expected " + ExpectedText(item);
            sb.Append(CultureInfo.InvariantCulture, $"<li value=\"{i + 1}\"><a href=\"#r{i + 1}\">{E(item.Expression)}</a> — {E(PredictedText(item))}{E(expected)}</li>");
        }

        sb.Append("</ol></nav>\n");
    }

    /// <summary>Every abstention in one table: which operator ended which run, on which line, and why.</summary>
    private static void AppendAbstentions(StringBuilder sb, IReadOnlyList<ReferringReportItem> items)
    {
        var rows = new List<int>();
        for (int i = 0; i < items.Count; i++)
        {
            if (items[i].Error is null && items[i].PredictedNoTarget)
            {
                rows.Add(i);
            }
        }

        sb.Append(CultureInfo.InvariantCulture, $"<section class=\"abstentions\"><h2>{rows.Count} abstentions of {items.Count}</h2>");
        if (rows.Count > 0)
        {
            sb.Append("<table class=\"trace\"><tr><th>#</th><th>expression</th><th>operator</th><th>line</th><th>why</th><th>expected</th></tr>");
            foreach (int i in rows)
            {
                ReferringReportItem item = items[i];
                string op = item.Abstention?.Operator ?? "—";
                string line = item.Abstention is { } a ? a.Line.ToString(CultureInfo.InvariantCulture) : "—";
                string why = item.Abstention?.Reason ?? item.NoTargetReason ?? "—";
                string expected = item.Correct is null ? "—" : ExpectedText(item);
                sb.Append(CultureInfo.InvariantCulture, $"<tr><td><a href=\"#r{i + 1}\">{i + 1}</a></td><td>{E(item.Expression)}</td><td><code>{E(op)}</code></td><td>{line}</td><td>{E(why)}</td><td>{E(expected)}</td></tr>");
            }

            sb.Append("</table>");
        }

        sb.Append("</section>\n");
    }

    private static void AppendReferringItem(StringBuilder sb, int number, ReferringReportItem item, ImageUris imageUris)
    {
        string verdict = item.Correct switch
        {
            true => "correct",
            false => "wrong",
            null => "unknown",
        };
        sb.Append(CultureInfo.InvariantCulture, $"<section class=\"item rec {verdict}\" id=\"r{number}\">\n<h2>R{number}. {E(item.Expression)}</h2>\n");
        sb.Append("<div class=\"row\">");
        if (item.Image is { } image)
        {
            sb.Append("<figure>");
            AppendPicture(sb, image, imageUris, uri => SvgOverlay.RenderReferring(image.Width, image.Height, item.Objects, item.ExpectedBoxes, item.PredictedBoxes, uri));
            sb.Append(CultureInfo.InvariantCulture,
                $"<div class=\"legend\"><span><i style=\"border:2px solid {SvgOverlay.PredictedColor}\"></i>predicted ({item.PredictedBoxes.Count})</span>"
                + $"<span><i style=\"border:3px dashed {SvgOverlay.ExpectedColor}\"></i>expected ({item.ExpectedBoxes.Count})</span>"
                + $"<span><i style=\"border:1px solid {SvgOverlay.DetectedColor}\"></i>detected ({item.Objects.Count})</span></div>");
            if (item.ImageName is not null)
            {
                string annotated = item.AnnotatedObjects is int n ? string.Create(CultureInfo.InvariantCulture, $", {n} annotated") : "";
                sb.Append("<figcaption>").Append(E(item.ImageName)).Append(CultureInfo.InvariantCulture, $" — {item.Objects.Count} objects detected{annotated}</figcaption>");
            }

            sb.Append("</figure>");
        }

        sb.Append("<div class=\"answer\"><table>");
        if (item.Category is not null)
        {
            sb.Append("<tr><th>template</th><td>").Append(E(item.Category)).Append("</td></tr>");
        }

        sb.Append("<tr><th>predicted</th><td class=\"value\">").Append(E(item.Error is null ? PredictedText(item) : "—")).Append("</td></tr>");
        if (item.Correct is not null)
        {
            sb.Append("<tr><th>expected</th><td class=\"value\">").Append(E(ExpectedText(item))).Append("</td></tr>");
            sb.Append("<tr><th>verdict</th><td class=\"verdict\">").Append(verdict).Append("</td></tr>");
        }

        if (item.MeanIou is double iou)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<tr><th>mean IoU</th><td>{iou:0.00}</td></tr>");
        }

        if (item.Confidence is double confidence && item.Error is null)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<tr><th>confidence</th><td>{confidence:0.00}</td></tr>");
        }

        if (item.Error is null && item.PredictedNoTarget)
        {
            string why = item.Abstention is { } a
                ? string.Create(CultureInfo.InvariantCulture, $"{a.Operator} abstained at line {a.Line}: {a.Reason}")
                : item.NoTargetReason ?? "no referent";
            sb.Append("<tr><th>abstention</th><td class=\"abstention\">").Append(E(why)).Append("</td></tr>");
        }

        if (item.Error is not null)
        {
            sb.Append("<tr><th>error</th><td class=\"error\">").Append(E(item.Error)).Append("</td></tr>");
        }

        if (item.Trace is { } t)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<tr><th>host calls</th><td>{t.Events.Count}</td></tr>");
        }

        sb.Append("</table>");
        if (item.Program is not null)
        {
            sb.Append("<pre class=\"program\"><code>").Append(NumberedLines(item.Program, item.Abstention?.Line ?? 0)).Append("</code></pre>");
        }

        sb.Append("</div></div>\n");
        if (item.Trace is { } trace)
        {
            AppendTrace(sb, trace, open: false);
        }

        sb.Append("</section>\n");
    }

    private static string PredictedText(ReferringReportItem item)
    {
        if (item.Error is not null)
        {
            return "failed: " + item.Error;
        }

        if (item.PredictedNoTarget)
        {
            return item.Abstention is { } a ? $"no target ({a.Operator} abstained)" : "no target";
        }

        return Referents(item.PredictedObjects, item.PredictedBoxes.Count);
    }

    private static string ExpectedText(ReferringReportItem item) =>
        item.ExpectedNoTarget ? "no target" : Referents(item.ExpectedObjects, item.ExpectedBoxes.Count);

    private static string Referents(IReadOnlyList<int> objects, int boxes)
    {
        int n = Math.Max(objects.Count, boxes);
        string noun = n == 1 ? "object" : "objects";
        return objects.Count > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{n} {noun} [{string.Join(", ", objects)}]")
            : string.Create(CultureInfo.InvariantCulture, $"{n} {noun}");
    }

    /// <summary>
    /// The pictures of one page: embedded, the first use defines a picture once in the page (an invisible SVG just
    /// before the card) and later uses refer to that definition; by URL, each picture's URL is asked for once.
    /// </summary>
    private sealed class ImageUris(Func<RgbaImage, string>? imageUrl)
    {
        private readonly Dictionary<RgbaImage, string> _uris = new(ReferenceEqualityComparer.Instance);

        public bool Embedded => imageUrl is null;

        public string Reference(StringBuilder sb, RgbaImage image)
        {
            if (!_uris.TryGetValue(image, out string? reference))
            {
                if (imageUrl is null)
                {
                    reference = string.Create(CultureInfo.InvariantCulture, $"#img{_uris.Count + 1}");
                    sb.Append(SvgOverlay.ImageDefinition(reference[1..], image.Width, image.Height, image.ToDataUri()));
                }
                else
                {
                    reference = imageUrl(image);
                }

                _uris[image] = reference;
            }

            return reference;
        }
    }

    /// <summary>The picture with its overlay: inside the SVG when embedded, else a lazily loaded image under it.</summary>
    private static void AppendPicture(StringBuilder sb, RgbaImage image, ImageUris imageUris, Func<string?, string> overlay)
    {
        string reference = imageUris.Reference(sb, image);
        if (imageUris.Embedded)
        {
            sb.Append(overlay(reference));
            return;
        }

        sb.Append(CultureInfo.InvariantCulture, $"<div class=\"pic\" style=\"width:{image.Width}px;height:{image.Height}px\"><img src=\"{E(reference)}\" width=\"{image.Width}\" height=\"{image.Height}\" loading=\"lazy\" decoding=\"async\" alt=\"\">")
            .Append(overlay(null)).Append("</div>");
    }

    private static void AppendItem(StringBuilder sb, int number, ReportItem item, ImageUris imageUris)
    {
        string verdict = item.Correct switch
        {
            true => "correct",
            false => "wrong",
            null => "unknown",
        };
        sb.Append(CultureInfo.InvariantCulture, $"<section class=\"item {verdict}\" id=\"q{number}\">\n<h2>{number}. {E(item.Question)}</h2>\n");
        sb.Append("<div class=\"row\">");
        if (item.Image is { } image)
        {
            sb.Append("<figure>");
            AppendPicture(sb, image, imageUris, uri => SvgOverlay.Render(image.Width, image.Height, item.Objects, uri));
            if (item.ImageName is not null)
            {
                string annotated = item.AnnotatedObjects is int n ? string.Create(CultureInfo.InvariantCulture, $", {n} annotated") : "";
                sb.Append("<figcaption>").Append(E(item.ImageName)).Append(CultureInfo.InvariantCulture, $" — {item.Objects.Count} objects detected{annotated}</figcaption>");
            }

            sb.Append("</figure>");
        }

        sb.Append("<div class=\"answer\"><table>");
        sb.Append("<tr><th>answer</th><td class=\"value\">").Append(E(item.Answer ?? "—")).Append("</td></tr>");
        if (item.Expected is not null)
        {
            sb.Append("<tr><th>expected</th><td class=\"value\">").Append(E(item.Expected)).Append("</td></tr>");
            sb.Append("<tr><th>verdict</th><td class=\"verdict\">").Append(verdict).Append("</td></tr>");
        }

        if (item.Error is not null)
        {
            sb.Append("<tr><th>error</th><td class=\"error\">").Append(E(item.Error)).Append("</td></tr>");
        }

        if (item.Trace is { } t)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<tr><th>host calls</th><td>{t.Events.Count}</td></tr><tr><th>scored tuples</th><td>{t.ScoredTuples}</td></tr>");
        }

        sb.Append("</table>");
        if (item.Program is not null)
        {
            sb.Append("<pre class=\"program\"><code>").Append(NumberedLines(item.Program)).Append("</code></pre>");
        }

        sb.Append("</div></div>\n");
        if (item.Trace is { } trace)
        {
            AppendTrace(sb, trace);
        }

        sb.Append("</section>\n");
    }

    /// <summary>The program with line numbers; <paramref name="marked"/> (1-based, 0 for none) is highlighted.</summary>
    private static string NumberedLines(string program, int marked = 0)
    {
        var sb = new StringBuilder();
        string[] lines = program.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            bool mark = i + 1 == marked;
            sb.Append(mark ? "<mark>" : "").Append(CultureInfo.InvariantCulture, $"<span class=\"ln\">{i + 1,3}</span> ").Append(E(lines[i])).Append(mark ? "</mark>" : "").Append('\n');
        }

        return sb.ToString();
    }

    private static void AppendTrace(StringBuilder sb, ProgramTrace trace, bool open = true)
    {
        sb.Append(open ? "<details open>" : "<details>").Append("<summary>trace</summary><table class=\"trace\"><tr><th>#</th><th>line</th><th>call</th><th>result</th><th>ms</th></tr>");
        foreach (TraceEvent e in trace.Events)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{e.Sequence}</td><td>{e.Line}</td><td><code>{E(e.Function)}({E(string.Join(", ", e.Arguments))})</code>");
            if (e.Tensor is { } tensor)
            {
                sb.Append(TensorTable(tensor));
            }

            sb.Append(CultureInfo.InvariantCulture, $"</td><td><code>{E(e.Result)}</code></td><td>{e.DurationMs:0.###}</td></tr>");
        }

        sb.Append("</table></details>\n");
        if (trace.Abstention is { } a)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<p class=\"result abstention\">line {a.Line}: <code>{E(a.Operator)}</code> abstained: {E(a.Reason)}</p>\n");
        }

        if (trace.Result is not null)
        {
            sb.Append("<p class=\"result\">result: <code>").Append(E(trace.Result)).Append("</code></p>\n");
        }
    }

    /// <summary>The scores of a tensor as a table: one row per object for one variable, a matrix for two.</summary>
    /// <param name="tensor">The tensor.</param>
    /// <returns>An HTML table, or an empty string for larger ranks.</returns>
    internal static string TensorTable(SoftTensor tensor)
    {
        var sb = new StringBuilder();
        int n = Math.Min(tensor.DomainSize, MaxTensorRows);
        if (tensor.Rank == 1)
        {
            sb.Append("<table class=\"scores\"><tr><th>").Append(E(tensor.Variables[0])).Append("</th>");
            for (int i = 0; i < n; i++)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<th style=\"color:{SvgOverlay.ColorOf(i)}\">{i}</th>");
            }

            sb.Append("</tr><tr><th>p</th>");
            for (int i = 0; i < n; i++)
            {
                sb.Append(Cell(tensor[i]));
            }

            sb.Append("</tr></table>");
        }
        else if (tensor.Rank == 2)
        {
            sb.Append("<table class=\"scores\"><tr><th>").Append(E(tensor.Variables[0])).Append(" \\ ").Append(E(tensor.Variables[1])).Append("</th>");
            for (int j = 0; j < n; j++)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<th style=\"color:{SvgOverlay.ColorOf(j)}\">{j}</th>");
            }

            sb.Append("</tr>");
            for (int i = 0; i < n; i++)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<tr><th style=\"color:{SvgOverlay.ColorOf(i)}\">{i}</th>");
                for (int j = 0; j < n; j++)
                {
                    sb.Append(i == j ? "<td class=\"diag\"></td>" : Cell(tensor[i, j]));
                }

                sb.Append("</tr>");
            }

            sb.Append("</table>");
        }

        return sb.ToString();
    }

    private static string Cell(float p)
    {
        int alpha = (int)MathF.Round(Math.Clamp(p, 0f, 1f) * 100f);
        return string.Create(CultureInfo.InvariantCulture, $"<td style=\"background:rgba(30,144,255,{alpha / 100.0:0.##})\">{p:0.00}</td>");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private const string Css = """
        body{font-family:system-ui,sans-serif;margin:24px;color:#222;background:#fafafa}
        h1{font-size:22px}h2{font-size:16px;margin:0 0 8px}
        .summary{background:#fff;border:1px solid #ddd;padding:8px 24px}
        .wrong-list{background:#fff;border:1px solid #ddd;border-left:6px solid #c62828;padding:8px 24px;margin:16px 0}
        .wrong-list h2{margin:4px 0}.wrong-list li{margin:2px 0}
        .item{background:#fff;border:1px solid #ddd;border-left:6px solid #999;margin:16px 0;padding:12px}
        .item.correct{border-left-color:#2e7d32}.item.wrong{border-left-color:#c62828}
        .row{display:flex;gap:16px;flex-wrap:wrap;align-items:flex-start}
        figure{margin:0}figcaption{font-size:12px;color:#555}
        .pic{position:relative}.pic>img,.pic>svg{position:absolute;left:0;top:0}.pic>img{background:#eee}
        .answer table{border-collapse:collapse}.answer th{text-align:left;padding:2px 8px 2px 0;color:#555}
        .value{font-weight:bold}.correct .verdict{color:#2e7d32}.wrong .verdict{color:#c62828}.error{color:#c62828}
        pre.program{background:#f4f4f4;padding:8px;font-size:12px;max-width:720px;overflow:auto}
        .ln{color:#999;user-select:none}
        table.trace{border-collapse:collapse;font-size:12px;margin-top:8px}
        table.trace td,table.trace th{border-top:1px solid #eee;padding:3px 6px;vertical-align:top;text-align:left}
        table.scores{border-collapse:collapse;margin-top:4px}
        table.scores td,table.scores th{border:1px solid #ddd;padding:1px 4px;font-size:11px;text-align:center}
        td.diag{background:#eee}
        .legend{font-size:12px;display:flex;gap:12px;margin:4px 0}.legend i{display:inline-block;width:14px;height:10px;margin-right:4px;vertical-align:middle}
        .abstention{color:#6a1b9a}mark{background:#f3e5f5}
        .abstentions{background:#fff;border:1px solid #ddd;padding:8px 24px;margin:16px 0}
        """;
}
