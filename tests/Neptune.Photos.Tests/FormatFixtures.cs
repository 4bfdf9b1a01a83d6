using Parquet.Serialization;

namespace Neptune.Photos.Tests;

/// <summary>Small files in the real formats of MDETR, the parquet exports, RefAdv and CLEVR-Humans, written by the tests.</summary>
internal static class FormatFixtures
{
    /// <summary>An MDETR <c>finetune_refcoco_testA.json</c>: three expressions of two refs over two images (ref 1719311 has two).</summary>
    public const string Mdetr = """
        {"info": {"description": "COCO 2014"}, "licenses": [],
         "images": [
          {"file_name": "COCO_train2014_000000581857.jpg", "height": 640, "width": 427, "id": 0, "original_id": 581857,
           "caption": "woman in cafe apron", "dataset_name": "refcoco", "tokens_negative": [[0, 5]]},
          {"file_name": "COCO_train2014_000000581857.jpg", "height": 640, "width": 427, "id": 1, "original_id": 581857,
           "caption": "left woman", "dataset_name": "refcoco", "tokens_negative": [[5, 10]]},
          {"file_name": "COCO_train2014_000000000009.jpg", "height": 480, "width": 640, "id": 2, "original_id": 9,
           "caption": "bowl of broccoli", "dataset_name": "refcoco", "tokens_negative": []}],
         "annotations": [
          {"area": 81245.1, "iscrowd": 0, "image_id": 0, "category_id": 1, "id": 0, "bbox": [10.5, 20.0, 100.0, 200.0],
           "original_id": 1719311, "tokens_positive": [[0, 5]]},
          {"area": 81245.1, "iscrowd": 0, "image_id": 1, "category_id": 1, "id": 1, "bbox": [10.5, 20.0, 100.0, 200.0],
           "original_id": 1719311, "tokens_positive": [[5, 10]]},
          {"area": 1200.0, "iscrowd": 0, "image_id": 2, "category_id": 51, "id": 2, "bbox": [1.0, 2.0, 3.0, 4.0],
           "original_id": 1038967, "tokens_positive": [[0, 4]]}],
         "categories": [{"supercategory": "person", "id": 1, "name": "person"}]}
        """;

    /// <summary>A <c>refcocog_adv_annotations.json</c> with two records over one image (numbers written as strings).</summary>
    public const string RefAdv = """
        {"0": {"shuffle": "to giraffes in hat", "hit_id": "3K3G", "GT_bbox_number": "3",
               "most_confused_bbox_GT_desc": "A woman in a red shirt, feeding giraffes through a fence.",
               "raw_str": "two giraffes leaning over a fence next to a woman in a red shirt and white hat.",
               "batch_id": "batch18",
               "bbox_candidates_map": "{\"1\": [373.0, 78.04, 266.56, 348.96], \"2\": [0.96, 0.24, 294.58, 398.21], \"3\": [62.37, 0.14, 329.79, 292.73]}",
               "most_confused_bbox_number": "1", "assigns": [{"dropdownselect": "2"}], "refID": "64809", "stage": "stage3",
               "imgID": "254291", "annID": "595839", "img_file_name": "COCO_train2014_000000254291.jpg"},
         "1": {"GT_bbox_number": "1", "most_confused_bbox_GT_desc": "the giraffe on the right",
               "raw_str": "a giraffe", "bbox_candidates_map": "{\"1\": [373.0, 78.04, 266.56, 348.96], \"2\": [0.96, 0.24, 294.58, 398.21]}",
               "refID": "64810", "imgID": "254291", "annID": "595840", "img_file_name": "COCO_train2014_000000254291.jpg"}}
        """;

    /// <summary>A <c>CLEVR-Humans-val.json</c>: three questions over two images, one without a <c>split</c> field.</summary>
    public const string ClevrHumans = """
        {"questions": [
          {"image_filename": "CLEVR_val_000000.png", "image_index": 0, "question": "Are there more cubes than balls?", "answer": "yes", "split": "val"},
          {"image_filename": "CLEVR_val_000000.png", "image_index": 0, "question": "What color is the big thing?", "answer": "gray", "split": "val"},
          {"image_filename": "CLEVR_val_000001.png", "image_index": 1, "question": "How many objects are metal?", "answer": "2"}]}
        """;

    /// <summary>Writes text to a file in a new temporary folder.</summary>
    public static string Write(string name, string text)
    {
        string path = Path.Combine(Fixtures.TempFolder(), name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>
    /// Writes a <c>jxu124/refcoco</c>-style parquet file with Parquet.Net: the refer columns plus the export's extra
    /// ones (<c>bbox</c>, <c>captions</c>, <c>image_path</c>, <c>raw_anns</c>), three refs in two splits.
    /// </summary>
    public static async Task<string> WriteParquetAsync(string folder, string name, IEnumerable<ExportRow>? rows = null)
    {
        string path = Path.Combine(folder, name);
        await ParquetSerializer.SerializeAsync(rows ?? ExportRows(), path);
        return path;
    }

    public static ExportRow[] ExportRows() =>
    [
        Row(0, 1719310, 581857, "train", [(0, "THE LADY WITH THE BLUE SHIRT"), (1, "lady w back to us")]),
        Row(1, 1719311, 581857, "testA", [(2, "woman in café apron")]),
        Row(2, 1038967, 9, "testA", [(3, "bowl"), (4, "left bowl"), (5, "the bowl on the left")]),
    ];

    public static ExportRow Row(long refId, long annId, long imageId, string split, (long Id, string Raw)[] sentences) => new()
    {
        SentIds = [.. sentences.Select(s => (long?)s.Id)],
        FileName = $"COCO_train2014_{imageId:D12}_{refId}.jpg",
        AnnId = annId,
        RefId = refId,
        ImageId = imageId,
        Split = split,
        Sentences = [.. sentences.Select(s => new ExportSentence { Raw = s.Raw, Sent = s.Raw.ToLowerInvariant(), SentId = s.Id, Tokens = [.. s.Raw.ToLowerInvariant().Split(' ')] })],
        CategoryId = 1,
        RawAnns = "{\"id\": " + annId + "}",
        ImagePath = $"coco/train2014/COCO_train2014_{imageId:D12}.jpg",
        Bbox = [1.5, 2.5, 30, 40],
        Captions = [.. sentences.Select(s => s.Raw.ToLowerInvariant())],
    };

    /// <summary>The columns of a jxu124/refcoco row, in its order; nullable, as pyarrow writes them (optional fields).</summary>
    public sealed class ExportRow
    {
        [System.Text.Json.Serialization.JsonPropertyName("sent_ids")] public List<long?> SentIds { get; set; } = [];
        [System.Text.Json.Serialization.JsonPropertyName("file_name")] public string? FileName { get; set; }
        [System.Text.Json.Serialization.JsonPropertyName("ann_id")] public long? AnnId { get; set; }
        [System.Text.Json.Serialization.JsonPropertyName("ref_id")] public long? RefId { get; set; }
        [System.Text.Json.Serialization.JsonPropertyName("image_id")] public long? ImageId { get; set; }
        [System.Text.Json.Serialization.JsonPropertyName("split")] public string? Split { get; set; }
        [System.Text.Json.Serialization.JsonPropertyName("sentences")] public List<ExportSentence> Sentences { get; set; } = [];
        [System.Text.Json.Serialization.JsonPropertyName("category_id")] public long? CategoryId { get; set; }
        [System.Text.Json.Serialization.JsonPropertyName("raw_anns")] public string? RawAnns { get; set; }
        [System.Text.Json.Serialization.JsonPropertyName("image_path")] public string? ImagePath { get; set; }
        [System.Text.Json.Serialization.JsonPropertyName("bbox")] public List<double?> Bbox { get; set; } = [];
        [System.Text.Json.Serialization.JsonPropertyName("captions")] public List<string> Captions { get; set; } = [];
    }

    public sealed class ExportSentence
    {
        [System.Text.Json.Serialization.JsonPropertyName("raw")] public string? Raw { get; set; }
        [System.Text.Json.Serialization.JsonPropertyName("sent")] public string? Sent { get; set; }
        [System.Text.Json.Serialization.JsonPropertyName("sent_id")] public long? SentId { get; set; }
        [System.Text.Json.Serialization.JsonPropertyName("tokens")] public List<string> Tokens { get; set; } = [];
    }

    /// <summary>A parquet file whose rows lack the <c>sentences</c> column.</summary>
    public sealed class RowWithoutSentences
    {
        [System.Text.Json.Serialization.JsonPropertyName("ref_id")] public long? RefId { get; set; }
        [System.Text.Json.Serialization.JsonPropertyName("split")] public string? Split { get; set; }
    }
}
