s = "  ..text..  "
return (s.strip(), s.lstrip(), s.rstrip(), s.strip(" ."), "xxhixx".strip("x"), "abcba".lstrip("ab"), "abcba".rstrip("ab"))
