return ("straße".upper(), "ǅ".lower(), "ǅ".upper(), "Ω".isalpha(), "٣".isdigit(), "ﬁ".upper(), "İ".lower(), "ΣΑΣ".lower(), len("héllo"))
