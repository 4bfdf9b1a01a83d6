using System.ClientModel.Primitives;
using System.Net;
using System.Text.Json;

namespace Neptune.Models.Pipeline;

/// <summary>
/// Checks each successful answer before the SDK reads it: a body that is not JSON is a
/// <see cref="ModelFailureKind.MalformedResponse"/>, a completion without choices an
/// <see cref="ModelFailureKind.EmptyResponse"/> (the SDK would read it as an empty answer). Both are retried above.
/// </summary>
internal sealed class ResponseShapePolicy : PipelinePolicy
{
    private readonly Uri _endpoint;

    public ResponseShapePolicy(Uri endpoint) => _endpoint = endpoint;

    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        ProcessNext(message, pipeline, currentIndex);
        Check(message);
    }

    public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        await ProcessNextAsync(message, pipeline, currentIndex).ConfigureAwait(false);
        Check(message);
    }

    private void Check(PipelineMessage message)
    {
        if (message.Response is not { Status: 200 } response)
        {
            return;
        }

        switch (Shape(response.Content.ToMemory().Span))
        {
            case BodyShape.NotJson:
                throw new ModelRequestException(ModelFailureKind.MalformedResponse, $"the answer from {_endpoint} is not a chat completion: the body is not a JSON object", HttpStatusCode.OK);
            case BodyShape.NoChoices:
                throw new ModelRequestException(ModelFailureKind.EmptyResponse, $"the answer from {_endpoint} has no choices", HttpStatusCode.OK);
        }
    }

    internal enum BodyShape
    {
        Completion,
        NotJson,
        NoChoices,
    }

    /// <summary>Reads the body once with a forward-only reader: a JSON object whose <c>choices</c> array is non-empty.</summary>
    internal static BodyShape Shape(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        bool choices = false;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return BodyShape.NotJson;
            }

            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
                {
                    bool isChoices = reader.ValueTextEquals("choices"u8);
                    reader.Read();
                    if (isChoices && reader.TokenType == JsonTokenType.StartArray)
                    {
                        reader.Read();
                        choices = reader.TokenType != JsonTokenType.EndArray;
                        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                        {
                            reader.Skip();
                        }
                    }
                    else if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                    {
                        reader.Skip();
                    }
                }
            }
        }
        catch (JsonException)
        {
            return BodyShape.NotJson;
        }

        return choices ? BodyShape.Completion : BodyShape.NoChoices;
    }
}
