namespace Neptune.Imaging.Jpeg;

/// <summary>One colour component of a frame and the buffers that hold its samples while decoding.</summary>
internal sealed class JpegComponent
{
    internal JpegComponent(int id, int horizontalFactor, int verticalFactor, int quantizationTable)
    {
        Id = id;
        HorizontalFactor = horizontalFactor;
        VerticalFactor = verticalFactor;
        QuantizationTable = quantizationTable;
    }

    /// <summary>Component identifier from the frame header.</summary>
    internal int Id { get; }

    /// <summary>Horizontal sampling factor, 1 to 4.</summary>
    internal int HorizontalFactor { get; }

    /// <summary>Vertical sampling factor, 1 to 4.</summary>
    internal int VerticalFactor { get; }

    /// <summary>Index of the quantisation table the frame header assigns, 0 to 3.</summary>
    internal int QuantizationTable { get; }

    /// <summary>Width of the component's sample grid: ceil(image width × H / Hmax).</summary>
    internal int Width { get; set; }

    /// <summary>Height of the component's sample grid: ceil(image height × V / Vmax).</summary>
    internal int Height { get; set; }

    /// <summary>Blocks per row of the padded grid (whole MCUs); the plane stride is eight times this.</summary>
    internal int BlocksPerLine { get; set; }

    /// <summary>Block rows of the padded grid (whole MCUs).</summary>
    internal int BlocksPerColumn { get; set; }

    /// <summary>Decoded samples, <see cref="BlocksPerLine"/> × 8 per row.</summary>
    internal byte[] Plane { get; set; } = [];

    /// <summary>Quantised coefficients of every block, 64 per block in natural order (progressive frames only).</summary>
    internal short[]? Coefficients { get; set; }

    /// <summary>The quantisation table latched at the first scan that includes this component, natural order.</summary>
    internal int[]? Quantization { get; set; }

    /// <summary>DC prediction of the current scan.</summary>
    internal int DcPredictor { get; set; }

    /// <summary>DC Huffman table of the current scan.</summary>
    internal JpegHuffmanTable? DcTable { get; set; }

    /// <summary>AC Huffman table of the current scan.</summary>
    internal JpegHuffmanTable? AcTable { get; set; }
}
