namespace Neptune.Imaging.Jpeg;

/// <summary>Marker codes (ITU T.81 table B.1) and marker search.</summary>
internal static class JpegMarkerReader
{
    internal const byte Sof0 = 0xC0;
    internal const byte Sof1 = 0xC1;
    internal const byte Sof2 = 0xC2;
    internal const byte Sof3 = 0xC3;
    internal const byte Dht = 0xC4;
    internal const byte Jpg = 0xC8;
    internal const byte Dac = 0xCC;
    internal const byte Rst0 = 0xD0;
    internal const byte Rst7 = 0xD7;
    internal const byte Soi = 0xD8;
    internal const byte Eoi = 0xD9;
    internal const byte Sos = 0xDA;
    internal const byte Dqt = 0xDB;
    internal const byte Dnl = 0xDC;
    internal const byte Dri = 0xDD;
    internal const byte Dhp = 0xDE;
    internal const byte Exp = 0xDF;
    internal const byte App0 = 0xE0;
    internal const byte App1 = 0xE1;
    internal const byte App14 = 0xEE;
    internal const byte Com = 0xFE;
    internal const byte Tem = 0x01;

    /// <summary>
    /// Finds the next marker at or after <paramref name="position"/>, skipping stray bytes, fill bytes (FF FF …)
    /// and stuffed FF 00 pairs, as libjpeg's <c>next_marker</c> does.
    /// </summary>
    /// <returns>The offset of the FF that introduces the marker, or -1 when the input ends first.</returns>
    internal static int FindMarker(ReadOnlySpan<byte> data, int position)
    {
        int i = position;
        while (i < data.Length)
        {
            int ff = data[i..].IndexOf((byte)0xFF);
            if (ff < 0)
            {
                return -1;
            }

            i += ff;
            while (i + 1 < data.Length && data[i + 1] == 0xFF)
            {
                i++;
            }

            if (i + 1 >= data.Length)
            {
                return -1;
            }

            if (data[i + 1] != 0)
            {
                return i;
            }

            i += 2;
        }

        return -1;
    }

    /// <summary>A marker's name for messages, for example <c>SOF2 (FFC2)</c>.</summary>
    internal static string Describe(byte marker)
    {
        string name = marker switch
        {
            >= 0xC0 and <= 0xCF when marker is not (Dht or Jpg or Dac) => $"SOF{marker - 0xC0}",
            Dht => "DHT",
            Jpg => "JPG",
            Dac => "DAC",
            >= Rst0 and <= Rst7 => $"RST{marker - Rst0}",
            Soi => "SOI",
            Eoi => "EOI",
            Sos => "SOS",
            Dqt => "DQT",
            Dnl => "DNL",
            Dri => "DRI",
            Dhp => "DHP",
            Exp => "EXP",
            >= 0xE0 and <= 0xEF => $"APP{marker - 0xE0}",
            Com => "COM",
            Tem => "TEM",
            _ => "marker",
        };
        return $"{name} (FF{marker:X2})";
    }
}
