namespace Neptune.Clevr.Tests;

public sealed class QuestionReaderTests
{
    [Fact]
    public void Read_RealQuestionFile_YieldsTenThousandQuestionsWithOfficialFields()
    {
        int count = 0;
        ClevrQuestion? first = null, last = null;
        foreach (var q in ClevrQuestionReader.Read(TestData.QuestionsPath))
        {
            first ??= q;
            last = q;
            count++;
        }

        Assert.Equal(10_000, count);
        Assert.NotNull(first);
        Assert.Equal("Are there the same number of tiny red cylinders and gray objects?", first.Question);
        Assert.Equal("no", first.Answer);
        Assert.Equal(0, first.ImageIndex);
        Assert.Equal("CLEVR_train_000000.png", first.ImageFilename);
        Assert.Equal("train", first.Split);
        Assert.Equal("compare_integer.json", first.TemplateFilename);
        Assert.Equal(0, first.QuestionFamilyIndex);
        Assert.Equal(0, first.QuestionIndex);
        Assert.Equal(9, first.Program.Count);
        Assert.Equal(ClevrFunction.Scene, first.Program[0].Function);
        Assert.Equal(new ClevrProgramNode(ClevrFunction.FilterSize, [0], ["small"]).ToString(), first.Program[1].ToString());
        Assert.Equal(ClevrFunction.EqualInteger, first.Program[8].Function);
        Assert.Equal([4, 7], first.Program[8].Inputs);
        Assert.Equal("equal_integer", first.Program[8].FunctionName);

        Assert.NotNull(last);
        Assert.Equal(9999, last.QuestionIndex);
        Assert.Equal(999, last.ImageIndex);
        Assert.Equal("yes", last.Answer);
        Assert.Equal(17, last.Program.Count);
    }

    [Fact]
    public async Task ReadAsync_RealQuestionFile_YieldsSameQuestionsAsSynchronousRead()
    {
        using var sync = ClevrQuestionReader.Read(TestData.QuestionsPath).GetEnumerator();
        int count = 0;
        await foreach (var q in ClevrQuestionReader.ReadAsync(TestData.QuestionsPath))
        {
            Assert.True(sync.MoveNext());
            Assert.Equal(sync.Current.Question, q.Question);
            Assert.Equal(sync.Current.Answer, q.Answer);
            Assert.Equal(sync.Current.Program.Count, q.Program.Count);
            count++;
        }

        Assert.False(sync.MoveNext());
        Assert.Equal(10_000, count);
    }

    [Fact]
    public void Read_RealQuestionFile_EveryProgramInputRefersToAnEarlierNode()
    {
        var functions = new HashSet<ClevrFunction>();
        foreach (var q in ClevrQuestionReader.Read(TestData.QuestionsPath))
        {
            for (int k = 0; k < q.Program.Count; k++)
            {
                functions.Add(q.Program[k].Function);
                Assert.All(q.Program[k].Inputs, i => Assert.InRange(i, 0, k - 1));
            }
        }

        Assert.Equal(26, functions.Count);
        Assert.DoesNotContain(ClevrFunction.FilterOrdinal, functions);
    }

    [Fact]
    public void Read_TakingFirstItems_ReadsOnlyTheStartOfTheFile()
    {
        using var file = File.OpenRead(TestData.QuestionsPath);
        using var counting = new CountingStream(file);
        var firstTen = ClevrQuestionReader.Read(counting, "questions").Take(10).ToList();

        Assert.Equal(10, firstTen.Count);
        Assert.True(counting.BytesRead <= 256 * 1024, $"read {counting.BytesRead} bytes for 10 questions");
    }

    [Fact]
    public void Read_WholeFile_AllocationsPerQuestionAreBounded()
    {
        // Warm up (JIT, statics), then measure a full pass on this thread.
        _ = ClevrQuestionReader.Read(TestData.QuestionsPath).Take(100).Count();
        long before = GC.GetAllocatedBytesForCurrentThread();
        int count = ClevrQuestionReader.Read(TestData.QuestionsPath).Count();
        long perItem = (GC.GetAllocatedBytesForCurrentThread() - before) / count;

        Assert.Equal(10_000, count);
        Assert.True(perItem < 4_000, $"{perItem} bytes allocated per question");
    }

    [Fact]
    public void Read_RepeatedQuestionsStream_MemoryDoesNotGrowWithStreamLength()
    {
        // The same question repeated: allocation per item must not depend on how many came before.
        static long PerItem(int n)
        {
            using var stream = RepeatedQuestions(n);
            long before = GC.GetAllocatedBytesForCurrentThread();
            int count = ClevrQuestionReader.Read(stream, "repeated").Count();
            Assert.Equal(n, count);
            return (GC.GetAllocatedBytesForCurrentThread() - before) / n;
        }

        _ = PerItem(100);
        long small = PerItem(2_000);
        long large = PerItem(40_000);
        Assert.True(large <= small + 64, $"per item: {small} bytes for 2,000 questions, {large} for 40,000");
    }

    [Fact]
    public void Read_OlderFormatWithTypeAndSideInputs_ReadsProgram()
    {
        const string json = """
            {"questions": [{"question": "Is there a cube?", "image_index": 3, "program": [
              {"type": "scene", "inputs": [], "side_inputs": []},
              {"type": "filter_shape", "inputs": [0], "side_inputs": ["cube"]},
              {"type": "exist", "inputs": [1]}]}]}
            """;
        var q = Assert.Single(ClevrQuestionReader.Read(TestData.Utf8(json), "old.json"));

        Assert.Null(q.Answer);
        Assert.Equal(3, q.ImageIndex);
        Assert.Equal([ClevrFunction.Scene, ClevrFunction.FilterShape, ClevrFunction.Exist], q.Program.Select(n => n.Function));
        Assert.Equal(["cube"], q.Program[1].ValueInputs);
        Assert.Empty(q.Program[2].ValueInputs);
    }

    [Fact]
    public void Read_BareArrayWithoutProgramOrAnswer_ReadsQuestions()
    {
        const string json = """[{"question": "What is it?", "image_index": 0}, {"question": "Is it?", "image_index": 1, "extra": {"a": [1, 2]}}]""";
        var questions = ClevrQuestionReader.Read(TestData.Utf8(json), "bare.json").ToList();

        Assert.Equal(2, questions.Count);
        Assert.Empty(questions[0].Program);
        Assert.Equal(1, questions[1].ImageIndex);
    }

    [Fact]
    public void Read_EscapedStrings_AreUnescaped()
    {
        const string json = """{"questions": [{"question": "Is \"it\" red\u003F", "image_index": 0}]}""";
        Assert.Equal("Is \"it\" red?", Assert.Single(ClevrQuestionReader.Read(TestData.Utf8(json), "x")).Question);
    }

    [Fact]
    public async Task ReadAsync_QuestionLargerThanTheBuffer_IsReadWhole()
    {
        string text = new('a', 300_000);
        string json = $$"""{"questions": [{"question": "{{text}}", "image_index": 1}, {"question": "b", "image_index": 2}]}""";
        var sync = ClevrQuestionReader.Read(TestData.Utf8(json), "big.json").ToList();
        var list = new List<ClevrQuestion>();
        await foreach (var q in ClevrQuestionReader.ReadAsync(TestData.Utf8(json), "big.json"))
        {
            list.Add(q);
        }

        Assert.Equal(300_000, sync[0].Question.Length);
        Assert.Equal(300_000, list[0].Question.Length);
        Assert.Equal("b", list[1].Question);
    }

    [Fact]
    public async Task ReadAsync_TruncatedStream_ThrowsClevrDataException()
    {
        var bytes = QuestionReaderTests.RepeatedQuestions(1_000).ToArray();
        using var stream = new MemoryStream(bytes, 0, bytes.Length - 100);
        var ex = await Assert.ThrowsAsync<ClevrDataException>(async () =>
        {
            await foreach (var _ in ClevrQuestionReader.ReadAsync(stream, "cut.json"))
            {
            }
        });
        Assert.Contains("truncated JSON", ex.Message);
        Assert.Equal(999, ex.ItemPosition);
    }

    [Fact]
    public void Read_MissingFile_ThrowsFileNotFoundWhenEnumerated()
    {
        var sequence = ClevrQuestionReader.Read(Path.Combine(TestData.Directory, "no-such-file.json"));
        Assert.Throws<FileNotFoundException>(() => sequence.First());
    }

    [Fact]
    public void Read_Utf8ByteOrderMark_IsSkipped()
    {
        byte[] body = System.Text.Encoding.UTF8.GetBytes("""{"questions": [{"question": "Q", "image_index": 0}]}""");
        using var stream = new MemoryStream([0xEF, 0xBB, 0xBF, .. body]);
        Assert.Equal("Q", Assert.Single(ClevrQuestionReader.Read(stream, "bom.json")).Question);
    }

    [Fact]
    public async Task ReadAsync_Cancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in ClevrQuestionReader.ReadAsync(TestData.QuestionsPath, cts.Token))
            {
            }
        });
    }

    [Fact]
    public void FunctionNames_RoundTripAllTwentySix()
    {
        Assert.Equal(27, ClevrFunctions.All.Count);
        foreach (var f in Enum.GetValues<ClevrFunction>())
        {
            Assert.True(ClevrFunctions.TryParse(ClevrFunctions.GetName(f), out var parsed));
            Assert.Equal(f, parsed);
        }

        Assert.False(ClevrFunctions.TryParse("filter", out _));
    }

    internal static MemoryStream RepeatedQuestions(int n)
    {
        const string item = """{"question": "Is there a red cube?", "answer": "yes", "image_index": 5, "program": [{"function": "scene", "inputs": [], "value_inputs": []}, {"function": "filter_color", "inputs": [0], "value_inputs": ["red"]}, {"function": "exist", "inputs": [1], "value_inputs": []}]}""";
        var sb = new System.Text.StringBuilder("{\"info\": {\"version\": \"1.0\"}, \"questions\": [");
        for (int i = 0; i < n; i++)
        {
            sb.Append(i == 0 ? string.Empty : ", ").Append(item);
        }

        sb.Append("]}");
        return TestData.Utf8(sb.ToString());
    }

    private sealed class CountingStream(Stream inner) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = inner.Read(buffer, offset, count);
            BytesRead += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
