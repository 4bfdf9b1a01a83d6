using System.Text;

namespace Neptune.Photos.Tests;

public sealed class ReferRefsReaderTests
{
    [Fact]
    public void Read_Python2Protocol0Pickle_GivesTheRefsWithTheirSentences()
    {
        IReadOnlyList<PhotoRef> refs = ReferRefsReader.Read(Path.Combine(Fixtures.RefCocoFolder, "refs(unc).p"));

        Assert.Equal(4, refs.Count);
        PhotoRef first = refs[0];
        Assert.Equal(0, first.RefId);
        Assert.Equal(581857, first.ImageId);
        Assert.Equal([1719310], first.AnnIds);
        Assert.Equal([1], first.CategoryIds);
        Assert.Equal("train", first.Split);
        Assert.Equal("COCO_train2014_000000581857_16.jpg", first.FileName);
        Assert.Equal(2, first.Sentences.Count);
        Assert.Equal("THE LADY WITH THE BLUE SHIRT", first.Sentences[0].Raw);
        Assert.Equal("the lady with the blue shirt", first.Sentences[0].Sent);
        Assert.Equal(["the", "lady", "with", "the", "blue", "shirt"], first.Sentences[0].Tokens);
        Assert.Equal(1, first.Sentences[1].SentId);
        Assert.False(first.NoTarget);
    }

    [Fact]
    public void Read_Python2Strings_DecodesUtf8BytesAndPythonLongs()
    {
        PhotoRef second = ReferRefsReader.Read(Path.Combine(Fixtures.RefCocoFolder, "refs(unc).p"))[1];

        Assert.Equal("woman in café apron", second.Sentences[0].Raw);
        Assert.Equal([1719311], second.AnnIds); // written as a Python 2 long (1719311L)
        Assert.Equal("testA", second.Split);
    }

    [Fact]
    public void Read_Python2Protocol2Pickle_GivesTheSameRefsAsProtocol0()
    {
        IReadOnlyList<PhotoRef> text = ReferRefsReader.Read(Path.Combine(Fixtures.RefCocoFolder, "refs(unc).p"));
        IReadOnlyList<PhotoRef> binary = ReferRefsReader.Read(Path.Combine(Fixtures.RefCocoFolder, "refs(google).p"));

        Assert.Equal(3, binary.Count);
        for (int i = 0; i < binary.Count; i++)
        {
            Assert.Equal(text[i].RefId, binary[i].RefId);
            Assert.Equal(text[i].AnnIds, binary[i].AnnIds);
            Assert.Equal(text[i].Split, binary[i].Split);
            Assert.Equal(text[i].Sentences.Select(s => s.Raw), binary[i].Sentences.Select(s => s.Raw));
            Assert.Equal(text[i].Sentences.SelectMany(s => s.Tokens), binary[i].Sentences.SelectMany(s => s.Tokens));
        }
    }

    // Python 2.7 cPickle protocol 0 texts: the output of `cPickle.dumps(value)` (the last two pickle class instances).
    [Theory]
    [InlineData("(dp0\nS'ref_id'\np1\nI0\ns.", "expected a pickled list of refs, got a dict")]
    [InlineData("(lp0\nI5\na.", "ref 0: expected a dict, got an integer")]
    [InlineData("(lp0\n(dp1\nS'ref_id'\np2\nI7\nsa.", "ref 0 (ref_id 7): 'image_id' is missing")]
    [InlineData("(lp0\n(dp1\nS'ref_id'\np2\nI7\nsS'image_id'\np3\nS'nine'\np4\nsa.", "ref 0 (ref_id 7): 'image_id' must be an integer, got a string")]
    [InlineData("(lp0\n(dp1\nS'ref_id'\nI7\nsS'image_id'\nI9\nsS'ann_id'\nI3\nsS'split'\nS'val'\nsS'sentences'\n(lp2\nI1\nasa.", "ref 0 (ref_id 7): sentence 0: expected a dict")]
    [InlineData("(lp0\n(dp1\nS'ref_id'\nI7\nsS'image_id'\nI9\nsS'ann_id'\nI3\nsS'split'\nS'val'\nsS'sentences'\n(lp2\nsS'sent_ids'\n(lp3\nI4\nasa.", "'sent_ids' does not list")]
    [InlineData("(lp0\n(dp1\nS'ref_id'\nI7\ns", "not a readable Python pickle")]
    [InlineData("(lp1\nccopy_reg\n_reconstructor\np2\n(c__main__\nRef\np3\nc__builtin__\nobject\np4\nNtRp5\n(dp6\nS'ref_id'\np7\nI1\nsba.", "copy_reg")]
    [InlineData("(lp1\n(i__main__\nOld\np2\n(dp3\nS'ref_id'\np4\nI1\nsba.", "ref 0: expected a dict, got an instance of the Python class '__main__.Old'")]
    [InlineData("", "not a readable Python pickle")]
    public void Read_Malformed_ThrowsNamingFileAndRecord(string pickle, string expected)
    {
        PhotoDataException e = Assert.Throws<PhotoDataException>(() => ReferRefsReader.Read(new MemoryStream(Encoding.Latin1.GetBytes(pickle)), "refs(unc).p"));

        Assert.StartsWith("refs(unc).p: ", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Read_MissingFile_ThrowsTypedError()
    {
        string path = Path.Combine(Fixtures.TempFolder(), "refs(umd).p");

        PhotoDataException e = Assert.Throws<PhotoDataException>(() => ReferRefsReader.Read(path));
        Assert.Contains("cannot read", e.Message);
    }

    [Theory]
    [InlineData("COCO_train2014_000000581857_16.jpg", "COCO_train2014_000000581857.jpg")]
    [InlineData("COCO_train2014_000000000009_2.jpg", "COCO_train2014_000000000009.jpg")]
    [InlineData("COCO_train2014_000000000009.jpg", "COCO_train2014_000000000009.jpg")]
    [InlineData("picture_1.jpg", "picture_1.jpg")]
    public void ImageFileName_ReferSuffix_MapsToTheCocoName(string refName, string expected) =>
        Assert.Equal(expected, CocoFileNames.ImageFileName(refName));
}
