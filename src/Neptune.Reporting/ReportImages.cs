namespace Neptune.Reporting;

/// <summary>Where a written report keeps its pictures.</summary>
public enum ReportImages
{
    /// <summary>
    /// Beside the report: each distinct picture once as a JPEG file in a folder named after the report
    /// (<c>report.html</c> → <c>report_files/</c>), loaded lazily by the page, so the page itself stays small and
    /// opens at once. The folder travels with the report.
    /// </summary>
    Files,

    /// <summary>Inside the report as PNG <c>data:</c> URIs, each distinct picture once: one self-contained file.</summary>
    Embedded,
}
