return ["tab\there", "quote'in", 'dq"in', "both'\"", "back\\slash", "nl\n", "\x41\u00e9", "\u2603"]
