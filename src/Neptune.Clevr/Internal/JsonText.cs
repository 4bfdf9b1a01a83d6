using System.Text.Json;

namespace Neptune.Clevr.Internal;

/// <summary>Typed field readers shared by the question and scene parsers; each names the field in its errors.</summary>
internal static class JsonText
{
    public static string Describe(JsonTokenType type) => type switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.EndObject => "'}'",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.EndArray => "']'",
        JsonTokenType.PropertyName => "a property name",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => "nothing",
    };

    /// <summary>Reads a string value; null when the JSON value is null.</summary>
    public static string? ReadString(JsonTokenSource source, FieldName field)
    {
        source.ReadRequired("the value of", field);
        return source.TokenType switch
        {
            JsonTokenType.String => source.GetString(),
            JsonTokenType.Null => null,
            _ => throw WrongType(source, field, "a string"),
        };
    }

    /// <summary>Reads an integer value; null when the JSON value is null.</summary>
    public static int? ReadInt(JsonTokenSource source, FieldName field)
    {
        source.ReadRequired("the value of", field);
        if (source.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        return ExpectInt(source, field);
    }

    public static int ExpectInt(JsonTokenSource source, FieldName field)
    {
        if (source.TokenType != JsonTokenType.Number || !source.HasInt64 || source.Int64Value is < int.MinValue or > int.MaxValue)
        {
            throw WrongType(source, field, "an integer");
        }

        return (int)source.Int64Value;
    }

    /// <summary>Reads a number value; null when the JSON value is null.</summary>
    public static double? ReadDouble(JsonTokenSource source, FieldName field)
    {
        source.ReadRequired("the value of", field);
        return source.TokenType switch
        {
            JsonTokenType.Number => source.DoubleValue,
            JsonTokenType.Null => null,
            _ => throw WrongType(source, field, "a number"),
        };
    }

    /// <summary>Reads an array of exactly three numbers.</summary>
    public static (double A, double B, double C) ReadTriple(JsonTokenSource source, FieldName field)
    {
        ExpectArrayStart(source, field);
        Span<double> values = stackalloc double[3];
        int count = 0;
        while (true)
        {
            source.ReadRequired("a number in", field);
            if (source.TokenType == JsonTokenType.EndArray)
            {
                break;
            }

            if (source.TokenType != JsonTokenType.Number)
            {
                throw WrongType(source, field, "an array of 3 numbers");
            }

            if (count == 3)
            {
                throw source.Error($"field '{field}' must have exactly 3 numbers, found more.");
            }

            values[count++] = source.DoubleValue;
        }

        if (count != 3)
        {
            throw source.Error($"field '{field}' must have exactly 3 numbers, found {count}.");
        }

        return (values[0], values[1], values[2]);
    }

    /// <summary>Reads an array of integers (null reads as empty).</summary>
    public static int[] ReadIntArray(JsonTokenSource source, FieldName field, List<int> scratch)
    {
        source.ReadRequired("the value of", field);
        if (source.TokenType == JsonTokenType.Null)
        {
            return [];
        }

        if (source.TokenType != JsonTokenType.StartArray)
        {
            throw WrongType(source, field, "an array of integers");
        }

        scratch.Clear();
        while (true)
        {
            source.ReadRequired("an integer in", field);
            if (source.TokenType == JsonTokenType.EndArray)
            {
                break;
            }

            if (source.TokenType != JsonTokenType.Number || !source.HasInt64 || source.Int64Value is < int.MinValue or > int.MaxValue)
            {
                throw WrongType(source, field, "an array of integers");
            }

            scratch.Add((int)source.Int64Value);
        }

        return scratch.Count == 0 ? [] : scratch.ToArray();
    }

    /// <summary>Reads an array of strings; null reads as empty.</summary>
    public static string[] ReadTextArray(JsonTokenSource source, FieldName field)
    {
        source.ReadRequired("the value of", field);
        if (source.TokenType == JsonTokenType.Null)
        {
            return [];
        }

        if (source.TokenType != JsonTokenType.StartArray)
        {
            throw WrongType(source, field, "an array of strings");
        }

        List<string>? values = null;
        while (true)
        {
            source.ReadRequired("a string in", field);
            if (source.TokenType == JsonTokenType.EndArray)
            {
                break;
            }

            if (source.TokenType != JsonTokenType.String)
            {
                throw WrongType(source, field, "an array of strings");
            }

            (values ??= []).Add(source.GetString());
        }

        return values is null ? [] : values.ToArray();
    }

    public static void ExpectArrayStart(JsonTokenSource source, FieldName field)
    {
        source.ReadRequired("the value of", field);
        if (source.TokenType != JsonTokenType.StartArray)
        {
            throw WrongType(source, field, "an array");
        }
    }

    public static void ExpectObjectStart(JsonTokenSource source, FieldName field)
    {
        source.ReadRequired("the value of", field);
        if (source.TokenType != JsonTokenType.StartObject)
        {
            throw WrongType(source, field, "an object");
        }
    }

    public static ClevrDataException WrongType(JsonTokenSource source, FieldName field, string expected) =>
        source.Error($"field '{field}' must be {expected}, found {Describe(source.TokenType)}.");

    public static ClevrDataException Missing(JsonTokenSource source, FieldName field) =>
        source.Error($"missing required field '{field}'.");
}
