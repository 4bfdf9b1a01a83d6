using System.Text;
using Neptune.Evaluation.Results;

namespace Neptune.Evaluation.Tests;

public class ResultsFileTests
{
    private static ResultRow Row(long id, string? program = null) => new()
    {
        Id = id,
        Question = $"Is there a thing number {id}? \"quoted\" ünïcode",
        ImageIndex = (int)id % 7,
        Template = "zero_hop.json",
        FamilyIndex = 3,
        Category = "Exist",
        ProgramHash = new string('a', 64),
        Program = program,
        Predicted = program is null ? "yes" : null,
        Expected = "yes",
        Correct = program is null,
        FailureKind = program is null ? null : FailureKinds.Runtime,
        Error = program is null ? null : "ValueError",
        FailureMessage = program is null ? null : "ValueError: boom (line 1)",
        ScoredTuples = 12,
        VlmRequests = 13,
        CacheHits = 2,
        SpeculativeCalls = 1,
        RoundTrips = 4,
        PrepareMicroseconds = 12.5,
        RunMicroseconds = 3.5, // timings are written to 0.1 µs
    };

    private static string Write(params ResultRow[] rows)
    {
        string path = Path.Combine(TestData.NewDirectory(), EvaluationFiles.Results);
        using var writer = new ResultsWriter(ResultsFile.OpenForAppend(path, 0));
        foreach (ResultRow row in rows)
        {
            writer.Append(row);
        }

        writer.Commit();
        return path;
    }

    [Fact]
    public void Read_WrittenRows_RoundTripEveryField()
    {
        ResultRow ok = Row(4);
        ResultRow failed = Row(9, "return query('x', 0)\n");
        string path = Write(ok, failed);
        var rows = new List<ResultRow>();
        ResultsFile.Scan scan = ResultsFile.Read(path, rows.Add);

        Assert.Equal(2, scan.Rows);
        Assert.False(scan.IsTorn);
        Assert.Equal(new FileInfo(path).Length, scan.ValidLength);
        Assert.Equal(ok, rows[0]);
        Assert.Equal(failed, rows[1]);
    }

    [Fact]
    public void Read_RowWithDetection_RoundTripsCounts()
    {
        ResultRow row = Row(3) with { Detection = new Neptune.Clevr2D.DetectionMetrics(5, 1, 2) };
        string path = Write(row);
        var rows = new List<ResultRow>();
        ResultsFile.Read(path, rows.Add);

        Assert.Equal(row, Assert.Single(rows));
        Assert.Contains("\"detection\":{\"tp\":5,\"fp\":1,\"fn\":2}", File.ReadAllText(path));
    }

    [Fact]
    public void Read_ReferringRows_RoundTripObjectsBoxesAndAbstention()
    {
        ResultRow hit = Row(5) with
        {
            Category = "Target",
            Referring = new ReferringOutcome
            {
                ExpectedObjects = [1, 3],
                ExpectedBoxes = [new(1, 2, 30, 40), new(50.25f, 60, 70, 80)],
                PredictedObjects = [0, 2],
                PredictedBoxes = [new(1.5f, 2, 31, 40), new(50, 60, 70, 81)],
                Confidence = 0.875,
                Iou = 0.93,
            },
        };
        ResultRow none = Row(6) with
        {
            Category = "No target",
            Referring = new ReferringOutcome { ExpectedObjects = [], PredictedNoTarget = true, AbstainedBy = "PROPERTY", Reason = "no candidate is red" },
        };
        string path = Write(hit, none);
        var rows = new List<ResultRow>();

        ResultsFile.Scan scan = ResultsFile.Read(path, rows.Add);

        Assert.False(scan.IsTorn);
        Assert.Equal(2, rows.Count);
        ReferringOutcome a = rows[0].Referring!;
        Assert.Equal([1, 3], a.ExpectedObjects);
        Assert.Equal([0, 2], a.PredictedObjects);
        Assert.Equal(hit.Referring!.ExpectedBoxes, a.ExpectedBoxes);
        Assert.Equal(hit.Referring.PredictedBoxes, a.PredictedBoxes);
        Assert.Equal(0.875, a.Confidence);
        Assert.Equal(0.93, a.Iou);
        Assert.False(a.PredictedNoTarget);
        ReferringOutcome b = rows[1].Referring!;
        Assert.True(b.ExpectedNoTarget);
        Assert.True(b.PredictedNoTarget);
        Assert.Null(b.Iou);
        Assert.Equal("PROPERTY", b.AbstainedBy);
        Assert.Equal("no candidate is red", b.Reason);
        Assert.Null(Row(7).Referring);
    }

    [Fact]
    public void Read_MalformedDetection_EndsPrefix()
    {
        string path = Write(Row(0));
        string line = File.ReadAllText(path).TrimEnd('\n');
        File.AppendAllText(path, line.Replace("\"id\":0", "\"id\":1")[..^1] + ",\"detection\":{\"tp\":-1,\"fp\":0,\"fn\":0}}\n");
        var rows = new List<ResultRow>();
        ResultsFile.Scan scan = ResultsFile.Read(path, rows.Add);

        Assert.Equal(1, scan.Rows);
        Assert.True(scan.IsTorn);
    }

    [Fact]
    public void Read_TornLastLine_EndsPrefixAtItsStart()
    {
        string path = Write(Row(0), Row(1));
        long complete = new FileInfo(path).Length;
        File.AppendAllText(path, "{\"id\":2,\"question\":\"Is th");
        var rows = new List<ResultRow>();
        ResultsFile.Scan scan = ResultsFile.Read(path, rows.Add);

        Assert.Equal(2, scan.Rows);
        Assert.True(scan.IsTorn);
        Assert.Equal(complete, scan.ValidLength);

        using (ResultsFile.OpenForAppend(path, scan.ValidLength))
        {
        }

        Assert.Equal(complete, new FileInfo(path).Length);
    }

    [Fact]
    public void Read_CompleteLineMissingRequiredField_EndsPrefix()
    {
        string path = Write(Row(0));
        long first = new FileInfo(path).Length;
        File.AppendAllText(path, "{\"id\":1,\"question\":\"q\"}\n");
        File.AppendAllText(path, Encoding.UTF8.GetString(ResultRowJson.ToLine(Row(2))));
        ResultsFile.Scan scan = ResultsFile.Read(path, _ => { });
        Assert.Equal(1, scan.Rows);
        Assert.Equal(first, scan.ValidLength);
    }

    [Fact]
    public void Read_RepeatedId_EndsPrefix()
    {
        string path = Write(Row(0), Row(1), Row(0), Row(3));
        var ids = new List<long>();
        ResultsFile.Scan scan = ResultsFile.Read(path, r => ids.Add(r.Id));
        Assert.Equal([0L, 1L], ids);
        Assert.True(scan.IsTorn);
    }

    [Fact]
    public void Read_LineLongerThanBuffer_IsRead()
    {
        string program = "x = 1\n" + new string('#', 200_000) + "\nreturn x\n";
        string path = Write(Row(0), Row(1, program), Row(2));
        var rows = new List<ResultRow>();
        ResultsFile.Scan scan = ResultsFile.Read(path, rows.Add);
        Assert.Equal(3, scan.Rows);
        Assert.False(scan.IsTorn);
        Assert.Equal(program, rows[1].Program);
    }

    [Fact]
    public void Read_MissingFile_HasNoRows()
    {
        ResultsFile.Scan scan = ResultsFile.Read(Path.Combine(TestData.NewDirectory(), "none.jsonl"), _ => throw new InvalidOperationException());
        Assert.Equal(0, scan.Rows);
        Assert.Equal(0, scan.ValidLength);
    }
}
